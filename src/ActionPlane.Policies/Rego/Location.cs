namespace ActionPlane.Policies.Rego;

/// <summary>Where a piece of policy text sits: file, 1-based row and column.</summary>
internal readonly record struct Location(string File, int Row, int Col)
{
    public override string ToString() => $"{File}:{Row}:{Col}";
}
