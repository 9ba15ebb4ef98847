using System.Security.Cryptography;
using System.Text;
using ActionPlane.Engine.Features;

namespace ActionPlane.Engine.Models;

/// <summary>A labelled training example: features as of a day, and whether the account churned in the 90 days after.</summary>
public sealed record ChurnExample(FeatureSnapshot Features, bool Churned)
{
    /// <summary>Order-independent hash of examples, recorded with a model as its data fingerprint.</summary>
    public static string HashOf(IEnumerable<ChurnExample> examples)
    {
        var lines = examples.Select(e => $"{e.Features.Hash()}:{(e.Churned ? 1 : 0)}").Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))))[..16];
    }
}
