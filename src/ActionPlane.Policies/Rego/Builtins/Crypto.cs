using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Hashes and HMACs (hex output), <c>net.cidr.*</c> and <c>graph.reachable</c>.</summary>
internal static class Crypto
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("crypto.md5", 1, (a, c) => S(Hex(MD5.HashData(Utf8(c.Str(a, 0))))));
        add("crypto.sha1", 1, (a, c) => S(Hex(SHA1.HashData(Utf8(c.Str(a, 0))))));
        add("crypto.sha256", 1, (a, c) => S(Hex(SHA256.HashData(Utf8(c.Str(a, 0))))));
        add("crypto.hmac.md5", 2, (a, c) => S(Hex(HMACMD5.HashData(Utf8(c.Str(a, 1)), Utf8(c.Str(a, 0))))));
        add("crypto.hmac.sha1", 2, (a, c) => S(Hex(HMACSHA1.HashData(Utf8(c.Str(a, 1)), Utf8(c.Str(a, 0))))));
        add("crypto.hmac.sha256", 2, (a, c) => S(Hex(HMACSHA256.HashData(Utf8(c.Str(a, 1)), Utf8(c.Str(a, 0))))));
        add("crypto.hmac.sha512", 2, (a, c) => S(Hex(HMACSHA512.HashData(Utf8(c.Str(a, 1)), Utf8(c.Str(a, 0))))));
        add("crypto.hmac.equal", 2, (a, c) => B(CryptographicOperations.FixedTimeEquals(Utf8(c.Str(a, 0)), Utf8(c.Str(a, 1)))));
        add("net.cidr_is_valid", 1, (a, c) => B(a[0] is StringValue s && IPNetwork.TryParse(s.Value, out var unused) && unused.PrefixLength >= 0));
        add("net.cidr_contains", 2, (a, c) => B(Contains(Cidr(c, c.Str(a, 0)), c, c.Str(a, 1))));
        add("net.cidr_intersects", 2, (a, c) =>
        {
            var (x, y) = (Cidr(c, c.Str(a, 0)), Cidr(c, c.Str(a, 1)));
            return B(x.BaseAddress.AddressFamily == y.BaseAddress.AddressFamily && (x.Contains(y.BaseAddress) || y.Contains(x.BaseAddress)));
        });
        add("net.cidr_expand", 1, (a, c) =>
        {
            var net = Cidr(c, c.Str(a, 0));
            var bits = (net.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) - net.PrefixLength;
            if (bits > 16)
            {
                throw Fail(c.Name, "network too large to expand");
            }

            var start = new System.Numerics.BigInteger(net.BaseAddress.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
            var size = net.BaseAddress.GetAddressBytes().Length;
            var items = new List<Value>();
            for (var i = 0; i < 1 << bits; i++)
            {
                var bytes = (start + i).ToByteArray(isUnsigned: true, isBigEndian: true);
                var padded = new byte[size];
                bytes.CopyTo(padded, size - bytes.Length);
                items.Add(S(new IPAddress(padded).ToString()));
            }

            return new SetValue(items);
        });
        add("net.cidr_contains_matches", 2, (a, c) =>
        {
            var result = new HashSet<Value>();
            foreach (var (k1, v1) in Keyed(c, a, 0))
            {
                var net = Cidr(c, v1);
                foreach (var (k2, v2) in Keyed(c, a, 1))
                {
                    if (Contains(net, c, v2))
                    {
                        result.Add(A([k1, k2]));
                    }
                }
            }

            return new SetValue(result);
        });
        add("graph.reachable", 2, (a, c) =>
        {
            var graph = c.Obj(a, 0);
            var queue = new Queue<Value>(c.Elements(a, 1));
            var reached = new HashSet<Value>();
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                if (reached.Contains(node) || graph.Get(node) is not { } edges)
                {
                    continue;
                }

                reached.Add(node);
                foreach (var (_, next) in Evaluator.Members(edges))
                {
                    queue.Enqueue(next);
                }
            }

            return new SetValue(reached);
        });
    }

    private static IEnumerable<(Value Key, string Cidr)> Keyed(BuiltinContext c, Value[] a, int i)
    {
        string Text(Value v) => v is StringValue s ? s.Value : v is ArrayValue { Count: > 0 } arr && arr.Items[0] is StringValue s0 ? s0.Value
            : throw Fail(c.Name, $"operand {i + 1}: element must be string or non-empty array");
        return a[i] switch
        {
            StringValue s => [(s, s.Value)],
            ArrayValue arr => arr.Items.Select((v, idx) => ((Value)Value.Num(idx), Text(v))),
            SetValue set => set.Sorted.Select(v => (v, Text(v))),
            ObjectValue o => o.Sorted.Select(kv => (kv.Key, Text(kv.Value))),
            _ => throw TypeError(c.Name, i + 1, "one of {string, array, set, object}", a[i]),
        };
    }

    private static IPNetwork Cidr(BuiltinContext c, string text)
    {
        if (IPNetwork.TryParse(text, out var net))
        {
            return net;
        }

        // OPA accepts host bits in a CIDR (10.0.0.1/8); .NET does not, so mask them.
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IPAddress.TryParse(text[..slash], out var ip) && int.TryParse(text[(slash + 1)..], out var prefix))
        {
            var bytes = ip.GetAddressBytes();
            for (var b = 0; b < bytes.Length; b++)
            {
                var keep = Math.Clamp(prefix - (b * 8), 0, 8);
                bytes[b] &= (byte)(0xFF << (8 - keep));
            }

            if (IPNetwork.TryParse($"{new IPAddress(bytes)}/{prefix}", out net))
            {
                return net;
            }
        }

        throw Fail(c.Name, $"invalid CIDR address: {text}");
    }

    private static bool Contains(IPNetwork net, BuiltinContext c, string other)
    {
        if (IPAddress.TryParse(other, out var ip) && !other.Contains('/', StringComparison.Ordinal))
        {
            return ip.AddressFamily == net.BaseAddress.AddressFamily && net.Contains(ip);
        }

        var inner = Cidr(c, other);
        return inner.BaseAddress.AddressFamily == net.BaseAddress.AddressFamily && net.Contains(inner.BaseAddress) && inner.PrefixLength >= net.PrefixLength;
    }

    private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();
}
