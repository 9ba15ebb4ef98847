namespace ActionPlane.Bench.Propose;

/// <summary>
/// <c>dotnet run -c Release --project bench/propose -- [--accounts 2000] [--requests 1000] [--warmup 200] [--repeat] [--out FILE]</c>.
/// (Not top-level statements: those would declare a second <c>Program</c> beside the Web host's.)
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var options = ProposeBenchOptions.Parse(args);
            var result = await ProposeBench.RunAsync(options, Console.Error.WriteLine);
            var json = result.ToJson();
            Console.WriteLine(json);
            if (options.OutFile is { } file)
                await File.WriteAllTextAsync(file, json);
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
