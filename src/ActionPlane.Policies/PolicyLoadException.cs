namespace ActionPlane.Policies;

/// <summary>A policy bundle could not be loaded: a parse or compile error, located as <c>file:row:col</c>.</summary>
public sealed class PolicyLoadException(string message, string? file = null, int row = 0, int col = 0, Exception? inner = null)
    : Exception(message, inner)
{
    public string? File { get; } = file;
    public int Row { get; } = row;
    public int Col { get; } = col;
}
