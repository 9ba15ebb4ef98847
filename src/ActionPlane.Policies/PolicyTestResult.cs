namespace ActionPlane.Policies;

/// <summary>The outcome of one <c>test_*</c> rule, located at its file and row.</summary>
public sealed record PolicyTestResult(string Package, string Name, string File, int Row, bool Passed, string? Error, TimeSpan Duration)
{
    /// <summary>The rule's full path, e.g. <c>data.actionplane.gate.test_allow</c>.</summary>
    public string FullName => $"data.{Package}.{Name}";
}

/// <summary>All test outcomes of one run.</summary>
public sealed record PolicyTestReport(IReadOnlyList<PolicyTestResult> Results)
{
    public int Passed => Results.Count(r => r.Passed);
    public int Failed => Results.Count - Passed;
    public bool Success => Failed == 0;
}
