using System.Diagnostics;
using System.Globalization;

namespace ActionPlane.Bench.Propose;

/// <summary>
/// CPU time used so far by this process and by the private cluster's PostgreSQL processes (the
/// postmaster's children, from /proc): unlike wall-clock times, a busy machine stretches these little,
/// so an A/B of the save's cost can be read from them.
/// </summary>
public static class CpuTimes
{
    public static (double ClientMs, double ServerMs) Measure(string clusterDirectory)
    {
        var client = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        return (client, ServerMs(clusterDirectory));
    }

    private static double ServerMs(string clusterDirectory)
    {
        var pidFile = Path.Combine(clusterDirectory, "postmaster.pid");
        if (!OperatingSystem.IsLinux() || !File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var postmaster))
            return 0;
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid ... utime(14) stime(15)"; comm may hold spaces, so split after ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster || ppid == postmaster)
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended between the listing and the read.
            }
        }
        // Linux reports in clock ticks of 1/100 s (USER_HZ) on every platform .NET runs on.
        return ticks * 10.0;
    }
}
