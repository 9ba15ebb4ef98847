using System.Globalization;

namespace ActionPlane.Engine.Models;

/// <summary>A one-line text progress bar for start-up logs and the command line, e.g. <c>[#####-----]  50% (500/1000)</c>.</summary>
public static class TextProgressBar
{
    public const int Width = 20;

    public static string Format(string label, int done, int total)
    {
        var share = total <= 0 ? 1 : Math.Clamp(done / (double)total, 0, 1);
        var filled = (int)Math.Round(share * Width);
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} [{new string('#', filled)}{new string('-', Width - filled)}] {share,4:P0} ({done}/{total})");
    }

    /// <summary>
    /// Reports progress as bar lines, one per tenth of <paramref name="total"/> reached: a start-up
    /// log is not a terminal that can redraw a bar in place.
    /// </summary>
    public static IProgress<int> Lines(string label, int total, Action<string> write) => new TenthsProgress(label, total, write);

    private sealed class TenthsProgress(string label, int total, Action<string> write) : IProgress<int>
    {
        private int _lastTenth = -1;

        public void Report(int value)
        {
            var tenth = total <= 0 ? 10 : Math.Clamp(value * 10 / total, 0, 10);
            if (tenth > _lastTenth)
            {
                _lastTenth = tenth;
                write(Format(label, value, total));
            }
        }
    }
}
