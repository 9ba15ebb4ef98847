using System.Text;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>JSON, base64, hex and URL query encoding builtins.</summary>
internal static class Encoding
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("json.marshal", 1, (a, _) => S(ValueJson.Serialize(a[0])));
        add("json.unmarshal", 1, (a, c) =>
        {
            try
            {
                return ValueJson.Parse(c.Str(a, 0));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw Fail(c.Name, e.Message);
            }
        });
        add("json.is_valid", 1, (a, _) =>
        {
            if (a[0] is not StringValue s)
            {
                return Value.False;
            }

            try
            {
                ValueJson.Parse(s.Value);
                return Value.True;
            }
            catch (System.Text.Json.JsonException)
            {
                return Value.False;
            }
        });
        add("base64.encode", 1, (a, c) => S(Convert.ToBase64String(Utf8(c.Str(a, 0)))));
        add("base64.decode", 1, (a, c) => S(Text(Base64(c, c.Str(a, 0)))));
        add("base64.is_valid", 1, (a, c) =>
        {
            try
            {
                Convert.FromBase64String(c.Str(a, 0));
                return Value.True;
            }
            catch (FormatException)
            {
                return Value.False;
            }
        });
        add("base64url.encode", 1, (a, c) => S(Convert.ToBase64String(Utf8(c.Str(a, 0))).Replace('+', '-').Replace('/', '_')));
        add("base64url.encode_no_pad", 1, (a, c) => S(Convert.ToBase64String(Utf8(c.Str(a, 0))).Replace('+', '-').Replace('/', '_').TrimEnd('=')));
        add("base64url.decode", 1, (a, c) =>
        {
            var s = c.Str(a, 0).Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
            return S(Text(Base64(c, s)));
        });
        add("hex.encode", 1, (a, c) => S(Convert.ToHexString(Utf8(c.Str(a, 0))).ToLowerInvariant()));
        add("hex.decode", 1, (a, c) =>
        {
            try
            {
                return S(Text(Convert.FromHexString(c.Str(a, 0))));
            }
            catch (FormatException e)
            {
                throw Fail(c.Name, e.Message);
            }
        });
        add("urlquery.encode", 1, (a, c) => S(QueryEscape(c.Str(a, 0))));
        add("urlquery.decode", 1, (a, c) => S(Uri.UnescapeDataString(c.Str(a, 0).Replace('+', ' '))));
        add("urlquery.encode_object", 1, (a, c) =>
        {
            var parts = new List<string>();
            foreach (var (k, v) in c.Obj(a, 0).Sorted)
            {
                var key = QueryEscape(((StringValue)k).Value);
                IEnumerable<Value> vals = v switch
                {
                    ArrayValue arr => arr.Items,
                    SetValue s => s.Sorted,
                    _ => [v],
                };
                parts.AddRange(vals.Select(x => key + "=" + QueryEscape(x is StringValue xs ? xs.Value : x.ToString())));
            }

            return S(string.Join('&', parts));
        });
    }

    private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    private static string Text(byte[] b) => System.Text.Encoding.UTF8.GetString(b);

    private static byte[] Base64(BuiltinContext c, string s)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw Fail(c.Name, "illegal base64 data at input byte 0");
        }
    }

    private static string QueryEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Utf8(s))
        {
            var ch = (char)b;
            if (char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or '~')
            {
                sb.Append(ch);
            }
            else if (ch == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
