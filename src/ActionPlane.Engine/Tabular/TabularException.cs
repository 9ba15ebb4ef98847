namespace ActionPlane.Engine.Tabular;

/// <summary>Bad tabular input; the message names the file line and/or the column at fault.</summary>
public sealed class TabularException(string message, int? line = null, string? column = null) : Exception(message)
{
    /// <summary>1-based line in the file (the header is line 1), when the fault has one.</summary>
    public int? Line { get; } = line;
    public string? Column { get; } = column;
}
