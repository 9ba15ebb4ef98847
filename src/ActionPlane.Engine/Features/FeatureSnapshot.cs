using System.Security.Cryptography;
using System.Text;

namespace ActionPlane.Engine.Features;

/// <summary>
/// Point-in-time features of one account as of one day. A null value means "missing", which the
/// models keep distinct from zero.
/// </summary>
public sealed record FeatureSnapshot(string AccountId, DateOnly AsOf, IReadOnlyDictionary<string, double?> Values)
{
    /// <summary>Stable hash of the values, recorded with decisions so a reviewer can match the snapshot.</summary>
    public string Hash()
    {
        var text = new StringBuilder().Append(AccountId).Append('|').Append(AsOf.ToString("O"));
        foreach (var (name, value) in Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append('|').Append(name).Append('=').Append(value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "null");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
