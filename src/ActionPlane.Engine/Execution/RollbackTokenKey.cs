using System.Text;

namespace ActionPlane.Engine.Execution;

/// <summary>The configured HMAC key for rollback tokens; never printed.</summary>
public sealed class RollbackTokenKey
{
    private readonly byte[] _key;

    public RollbackTokenKey(string secret)
    {
        _key = Encoding.UTF8.GetBytes(secret ?? "");
        if (_key.Length < Storage.ActionPlaneEngineOptions.MinimumKeyBytes)
            throw new ArgumentException($"RollbackTokenKey must be at least {Storage.ActionPlaneEngineOptions.MinimumKeyBytes} bytes.", nameof(secret));
    }

    public ReadOnlySpan<byte> Bytes => _key;

    public override string ToString() => "RollbackTokenKey(***)";
}
