namespace ActionPlane.Engine.Tabular;

/// <summary>How a CSV column enters the model.</summary>
public enum ColumnKind
{
    Numeric,
    /// <summary>One-hot over its most frequent levels plus an "other" bucket; missing is all zeros.</summary>
    Categorical,
}

/// <summary>One input column as the encoder understood it.</summary>
public sealed record TabularColumn(string Name, int Index, ColumnKind Kind, IReadOnlyList<string> Levels);

/// <summary>A column left out of the features, and why (identifier, all blank).</summary>
public sealed record DroppedColumn(string Name, string Reason);
