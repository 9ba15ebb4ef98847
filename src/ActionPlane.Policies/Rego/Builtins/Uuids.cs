using System.Buffers.Binary;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>uuid.parse</c>: version, variant and, for time-based UUIDs, time, clock sequence and node.</summary>
internal static class Uuids
{
    // 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch.
    private const long GregorianOffset = 0x01B21DD213814000;

    public static void Register(Action<string, int, BuiltinFn> add) => add("uuid.parse", 1, (a, c) =>
    {
        var text = c.Str(a, 0);
        if (text.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[9..];
        }
        else if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        var hex = text.Length == 36 && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-' ? text.Replace("-", "", StringComparison.Ordinal) : text;
        if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigit))
        {
            throw Fail(c.Name, $"invalid UUID: {a[0]}");
        }

        var b = Convert.FromHexString(hex);
        var version = b[6] >> 4;
        var result = new Dictionary<Value, Value>
        {
            [S("version")] = N(version),
            [S("variant")] = S((b[8] & 0xc0) switch
            {
                0x80 => "RFC4122",
                0xc0 => (b[8] & 0xe0) == 0xc0 ? "Microsoft" : "Future",
                _ => "Reserved",
            }),
        };
        if (version is 1 or 2)
        {
            long time = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(0, 4));
            time |= (long)BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(4, 2)) << 32;
            time |= (long)(BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(6, 2)) & 0xfff) << 48;
            result[S("time")] = N((time - GregorianOffset) * 100);
            result[S("clocksequence")] = N(BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(8, 2)) & 0x3fff);
            result[S("nodeid")] = S(string.Join('-', b[10..].Select(x => x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));
            result[S("macvariables")] = S(((b[10] & 0x02) != 0 ? "local" : "global") + ":" + ((b[10] & 0x01) != 0 ? "multicast" : "unicast"));
            if (version == 2)
            {
                result[S("domain")] = S(b[9] switch { 0 => "Person", 1 => "Group", 2 => "Org", _ => "Domain" + b[9] });
                result[S("id")] = N(BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(0, 4)));
            }
        }

        return new ObjectValue(result);
    });
}
