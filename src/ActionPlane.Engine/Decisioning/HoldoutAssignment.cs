using System.Security.Cryptography;
using System.Text;

namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// Deterministic holdout membership: SHA-256 of tenant, account and salt mapped to [0, 1); an account
/// is held out when that number is below the share. Stable across processes and restarts, independent
/// of every model input, so the holdout group is a true random control.
/// </summary>
public static class HoldoutAssignment
{
    public static bool IsHoldout(string tenantId, string accountId, string salt, double share)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(salt);
        return share > 0 && Uniform(tenantId, accountId, salt) < share;
    }

    public static bool IsHoldout(string accountId, ArbitrationSettings settings) =>
        IsHoldout(settings.TenantId, accountId, settings.HoldoutSalt, settings.HoldoutShare);

    /// <summary>The account's hash position in [0, 1).</summary>
    public static double Uniform(string tenantId, string accountId, string salt)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\u001f{accountId}\u001f{salt}"), hash);
        var bits = BitConverter.ToUInt64(hash[..8]) >> 11;
        return bits / (double)(1UL << 53);
    }
}
