using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace ActionPlane.Cli.Train;

/// <summary>Shared plumbing of the data and train commands: Spectre tables on any writer, JSON reports, exit codes.</summary>
internal static class CliConsole
{
    /// <summary>Exit code for bad input (data, arguments); 2 is reserved for I/O failures.</summary>
    public const int BadInput = 1;
    public const int IoFailure = 2;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IAnsiConsole For(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });
        // Redirected output has no terminal width; a fixed one keeps file names on one line.
        console.Profile.Width = 160;
        return console;
    }

    /// <summary>A two-column metric table.</summary>
    public static void PrintMetrics(TextWriter writer, string title, JsonObject report)
    {
        var table = new Table().Title(title).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value) in report)
        {
            if (value is null)
                table.AddRow(Markup.Escape(key), "n/a");
            else if (value is JsonValue v)
                table.AddRow(Markup.Escape(key), Markup.Escape(v.TryGetValue<double>(out var d) ? Format(d) : v.ToJsonString().Trim('"')));
        }
        For(writer).Write(table);
    }

    /// <summary>Writes the report atomically (<see cref="WriteFile"/>).</summary>
    public static void WriteReport(string? path, JsonObject report)
    {
        if (path is not null)
            WriteFile(path, report.ToJsonString(Indented));
    }

    /// <summary>Writes a file atomically (temp file, then move), so a failure leaves no half-written file.</summary>
    public static void WriteFile(string path, string content)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Runs a command body, turning expected failures into a message on stderr and a non-zero exit.</summary>
    public static int Guard(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or ActionPlane.Engine.Tabular.TabularException)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is System.Data.Common.DbException || e.InnerException is System.Data.Common.DbException)
        {
            // --register could not reach or write the registry; nothing was stored.
            error.WriteLine($"error: model registry: {(e as System.Data.Common.DbException ?? e.InnerException)!.Message}");
            return IoFailure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return IoFailure;
        }
    }

    /// <summary>A metric for the JSON report, rounded; undefined values (NaN, e.g. an arm absent from the top 30 %) become null.</summary>
    public static JsonNode? Round(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;

    private static string Format(double d) => d == Math.Floor(d) && Math.Abs(d) < 1e12 ? d.ToString("0", System.Globalization.CultureInfo.InvariantCulture) : d.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
}
