using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ActionPlane.Engine.Execution;

/// <summary>
/// Proof that its bearer may undo one applied action: proposal id, the stream version of the
/// <c>ActionApplied</c> event, an expiry and a nonce, signed with HMAC-SHA256. Opaque to clients
/// (base64url); only <see cref="Verify"/> with the configured key gives it meaning.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(RollbackTokenJsonConverter))]
public readonly struct RollbackToken : IEquatable<RollbackToken>
{
    private const byte FormatVersion = 1;
    private const int NonceLength = 16;
    private const int MacLength = 32;
    // format(1) | proposal id(16) | stream version(8) | expiry unix seconds(8) | nonce(16) | mac(32)
    private const int SignedLength = 1 + 16 + 8 + 8 + NonceLength;
    private const int TotalLength = SignedLength + MacLength;

    private readonly byte[]? _bytes;

    private RollbackToken(byte[] bytes) => _bytes = bytes;

    public Guid ProposalId => new(Bytes.AsSpan(1, 16));
    public long StreamVersion => BinaryPrimitives.ReadInt64BigEndian(Bytes.AsSpan(17, 8));
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(Bytes.AsSpan(25, 8)));
    /// <summary>Public id of the token (its nonce, hex), recorded on <c>ActionApplied</c> and <c>ActionRolledBack</c>.</summary>
    public string Id => Convert.ToHexStringLower(Bytes.AsSpan(33, NonceLength));

    private byte[] Bytes => _bytes ?? throw new InvalidOperationException("This RollbackToken is the default value and carries nothing.");

    /// <summary>Signs a new token. Pass <paramref name="nonceHex"/> to re-issue the same token (idempotent apply).</summary>
    public static RollbackToken Issue(ReadOnlySpan<byte> key, Guid proposalId, long streamVersion, DateTimeOffset expiresAt, string? nonceHex = null)
    {
        var bytes = new byte[TotalLength];
        bytes[0] = FormatVersion;
        proposalId.TryWriteBytes(bytes.AsSpan(1, 16));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(17, 8), streamVersion);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(25, 8), expiresAt.ToUnixTimeSeconds());
        if (nonceHex is null)
            RandomNumberGenerator.Fill(bytes.AsSpan(33, NonceLength));
        else
            Convert.FromHexString(nonceHex).AsSpan().CopyTo(bytes.AsSpan(33, NonceLength));
        HMACSHA256.HashData(key, bytes.AsSpan(0, SignedLength), bytes.AsSpan(SignedLength, MacLength));
        return new RollbackToken(bytes);
    }

    /// <summary>
    /// Checks the signature (in constant time) and then the expiry. Binding to a proposal, version and
    /// use is the caller's job, because only it knows the stream.
    /// </summary>
    public RollbackTokenCheck Verify(ReadOnlySpan<byte> key, DateTimeOffset now)
    {
        if (_bytes is null)
            return RollbackTokenCheck.Forged;
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, _bytes.AsSpan(0, SignedLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, _bytes.AsSpan(SignedLength, MacLength)))
            return RollbackTokenCheck.Forged;
        return now >= ExpiresAt ? RollbackTokenCheck.Expired : RollbackTokenCheck.Valid;
    }

    /// <summary>Parses the shape only; a parsed token is not trusted until <see cref="Verify"/> says so.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RollbackToken token)
    {
        token = default;
        if (string.IsNullOrEmpty(text) || text.Length > 200)
            return false;
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - base64.Length % 4) % 4), '=');
        var buffer = new byte[TotalLength + 3];
        if (!Convert.TryFromBase64String(base64, buffer, out var written) || written != TotalLength || buffer[0] != FormatVersion)
            return false;
        token = new RollbackToken(buffer[..TotalLength]);
        return true;
    }

    public static RollbackToken Parse(string text) =>
        TryParse(text, out var token) ? token : throw new FormatException("The rollback token is not a token ActionPlane issued (malformed).");

    /// <summary>The opaque base64url text handed to clients.</summary>
    public override string ToString() =>
        _bytes is null ? "" : Convert.ToBase64String(_bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool Equals(RollbackToken other) =>
        _bytes is null ? other._bytes is null : other._bytes is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is RollbackToken other && Equals(other);
    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, SignedLength);
    public static bool operator ==(RollbackToken left, RollbackToken right) => left.Equals(right);
    public static bool operator !=(RollbackToken left, RollbackToken right) => !left.Equals(right);
}

/// <summary>Outcome of checking a token's signature and expiry.</summary>
public enum RollbackTokenCheck { Valid, Forged, Expired }

/// <summary>Writes a token as its opaque text, so receipts serialize the way clients must send tokens back.</summary>
public sealed class RollbackTokenJsonConverter : System.Text.Json.Serialization.JsonConverter<RollbackToken>
{
    public override RollbackToken Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        RollbackToken.TryParse(reader.GetString(), out var token) ? token : throw new System.Text.Json.JsonException("Not a rollback token.");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, RollbackToken value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
