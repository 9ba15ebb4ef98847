using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ActionPlane.Engine.Models;

/// <summary>A model version such as <c>churn-20261123-1</c>: kind, training day, sequence within the day.</summary>
public readonly record struct ModelVersion(string Kind, DateOnly Day, int Sequence)
{
    public override string ToString() => $"{Kind}-{Day:yyyyMMdd}-{Sequence}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out ModelVersion? version)
    {
        version = null;
        var parts = text?.Split('-');
        if (parts is not { Length: 3 } || parts[0].Length == 0
            || !DateOnly.TryParseExact(parts[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) || sequence < 1)
            return false;
        version = new ModelVersion(parts[0], day, sequence);
        return true;
    }
}
