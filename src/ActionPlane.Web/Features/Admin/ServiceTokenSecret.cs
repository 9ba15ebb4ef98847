using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ActionPlane.Web.Features.Admin;

/// <summary>
/// The bearer string of a service token, <c>apt_{id}.{secret}</c>: the id finds the stored row, the
/// 256-bit random secret proves possession. Only its SHA-256 is stored (a fast hash is enough for a
/// random secret of this size: there is nothing to guess).
/// </summary>
public static class ServiceTokenSecret
{
    public const string Prefix = "apt_";

    public static (string Token, string Hash) Create(Guid id)
    {
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{id:N}.{secret}", Hash(secret));
    }

    public static bool LooksLikeOne(string? bearer) => bearer is not null && bearer.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string bearer, out Guid id, [NotNullWhen(true)] out string? secret)
    {
        id = default;
        secret = null;
        if (!LooksLikeOne(bearer))
            return false;
        var dot = bearer.IndexOf('.', StringComparison.Ordinal);
        if (dot != Prefix.Length + 32 || !Guid.TryParseExact(bearer.AsSpan(Prefix.Length, 32), "N", out id) || dot == bearer.Length - 1)
            return false;
        secret = bearer[(dot + 1)..];
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
