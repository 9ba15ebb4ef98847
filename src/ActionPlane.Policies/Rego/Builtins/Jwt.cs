using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary><c>io.jwt.*</c>: decode, signature verification (HS/RS/PS/ES), decode_verify and signing.</summary>
internal static class Jwt
{
    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("io.jwt.decode", 1, (a, c) =>
        {
            var (header, payload, sig, _) = Decode(c, c.Str(a, 0));
            return A([header, payload, S(Convert.ToHexString(sig).ToLowerInvariant())]);
        });
        foreach (var alg in new[] { "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" })
        {
            var name = "io.jwt.verify_" + alg.ToLowerInvariant();
            add(name, 2, (a, c) =>
            {
                var token = c.Str(a, 0);
                var parts = token.Split('.');
                if (parts.Length != 3)
                {
                    throw Fail(c.Name, $"encoded JWT must have 3 sections, found {parts.Length}");
                }

                return B(Verify(c, alg, parts, c.Str(a, 1)));
            });
        }

        add("io.jwt.decode_verify", 2, DecodeVerify);
        add("io.jwt.encode_sign_raw", 3, (a, c) => S(Sign(c, c.Str(a, 0), c.Str(a, 1), c.Str(a, 2))));
        add("io.jwt.encode_sign", 3, (a, c) => S(Sign(c, ValueJson.Serialize(c.Obj(a, 0)), ValueJson.Serialize(c.Obj(a, 1)), ValueJson.Serialize(c.Obj(a, 2)))));
    }

    private static byte[] B64(BuiltinContext c, string s, string what)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        t = t.PadRight(t.Length + ((4 - (t.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(t);
        }
        catch (FormatException)
        {
            var bad = s.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
            throw Fail(c.Name, $"JWT {what} had invalid encoding: illegal base64 data at input byte {(bad < 0 ? s.Length : bad)}");
        }
    }

    private static string B64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (ObjectValue Header, ObjectValue Payload, byte[] Signature, string[] Parts) Decode(BuiltinContext c, string token)
    {
        var parts = token.Split('.');
        if (parts.Length == 5)
        {
            throw Fail(c.Name, "JWT is a JWE object, which is not supported");
        }

        if (parts.Length != 3)
        {
            throw Fail(c.Name, $"encoded JWT must have 3 sections, found {parts.Length}");
        }

        var header = ParseObject(c, B64(c, parts[0], "header"), "header");
        if (header.Get("enc") is not null)
        {
            throw Fail(c.Name, "JWT is a JWE object, which is not supported");
        }

        var payloadBytes = B64(c, parts[1], "payload");
        if (header.Get("cty") is StringValue { Value: "JWT" })
        {
            var inner = System.Text.Encoding.UTF8.GetString(payloadBytes);
            try
            {
                return Decode(c, inner);
            }
            catch (RegoException)
            {
                throw Fail(c.Name, "type is JWT but payload is not JSON");
            }
        }

        var payload = ParseObject(c, payloadBytes, "payload");
        return (header, payload, B64(c, parts[2], "signature"), parts);
    }

    private static ObjectValue ParseObject(BuiltinContext c, byte[] bytes, string what)
    {
        try
        {
            return ValueJson.Parse(System.Text.Encoding.UTF8.GetString(bytes)) as ObjectValue ?? throw Fail(c.Name, $"JWT {what} is not a JSON object");
        }
        catch (System.Text.Json.JsonException)
        {
            throw Fail(c.Name, $"JWT {what} is not valid JSON");
        }
    }

    private static HashAlgorithmName Hash(string alg) => alg[2..] switch
    {
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private static bool Verify(BuiltinContext c, string alg, string[] parts, string key)
    {
        var signed = System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var sig = B64(c, parts[2], "signature");
        if (alg.StartsWith("HS", StringComparison.Ordinal))
        {
            var mac = Hmac(alg, System.Text.Encoding.UTF8.GetBytes(key), signed);
            return CryptographicOperations.FixedTimeEquals(mac, sig);
        }

        foreach (var k in PublicKeys(c, key))
        {
            var ok = (alg[0], k) switch
            {
                ('R', RSA rsa) => rsa.VerifyData(signed, sig, Hash(alg), RSASignaturePadding.Pkcs1),
                ('P', RSA rsa) => rsa.VerifyData(signed, sig, Hash(alg), RSASignaturePadding.Pss),
                ('E', ECDsa ec) => ec.VerifyData(signed, sig, Hash(alg)),
                _ => false,
            };
            if (ok)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Hmac(string alg, byte[] key, byte[] data) => alg[2..] switch
    {
        "384" => HMACSHA384.HashData(key, data),
        "512" => HMACSHA512.HashData(key, data),
        _ => HMACSHA256.HashData(key, data),
    };

    private static List<AsymmetricAlgorithm> PublicKeys(BuiltinContext c, string key)
    {
        var text = key.Trim();
        if (text.StartsWith('{'))
        {
            var jwk = ValueJson.Parse(text) as ObjectValue ?? throw Fail(c.Name, "invalid JWK");
            var keys = jwk.Get("keys") is ArrayValue set ? set.Items.OfType<ObjectValue>() : [jwk];
            return keys.Select(k => FromJwk(c, k)).ToList();
        }

        if (text.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            var end = text.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal);
            if (end >= 0 && text[(end + 25)..].Trim().Length > 0)
            {
                throw Fail(c.Name, "extra data after a PEM certificate block");
            }

            try
            {
                using var cert = X509Certificate2.CreateFromPem(text);
                return [(AsymmetricAlgorithm?)cert.GetRSAPublicKey() ?? cert.GetECDsaPublicKey() ?? throw Fail(c.Name, "failed to extract a Key from the PEM certificate")];
            }
            catch (CryptographicException)
            {
                throw Fail(c.Name, "failed to parse a PEM certificate");
            }
        }

        if (text.Contains("BEGIN", StringComparison.Ordinal))
        {
            try
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(text);
                return [rsa];
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                try
                {
                    var ec = ECDsa.Create();
                    ec.ImportFromPem(text);
                    return [ec];
                }
                catch (Exception e2) when (e2 is CryptographicException or ArgumentException)
                {
                    throw Fail(c.Name, "failed to extract a Key from the PEM certificate");
                }
            }
        }

        throw Fail(c.Name, "failed to parse a PEM certificate");
    }

    private static AsymmetricAlgorithm FromJwk(BuiltinContext c, ObjectValue k)
    {
        byte[]? F(string name) => k.Get(name) is StringValue s ? B64(c, s.Value, "key") : null;
        switch ((k.Get("kty") as StringValue)?.Value)
        {
            case "RSA":
                return RSA.Create(new RSAParameters { Modulus = F("n"), Exponent = F("e"), D = F("d"), P = F("p"), Q = F("q"), DP = F("dp"), DQ = F("dq"), InverseQ = F("qi") });
            case "EC":
                var curve = (k.Get("crv") as StringValue)?.Value switch
                {
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    _ => ECCurve.NamedCurves.nistP256,
                };
                return ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = F("x"), Y = F("y") }, D = F("d") });
            default:
                throw Fail(c.Name, "unsupported JWK key type");
        }
    }

    private static Value DecodeVerify(Value[] a, BuiltinContext c)
    {
        var token = c.Str(a, 0);
        var constraints = c.Obj(a, 1);
        var (header, payload, _, parts) = Decode(c, token);
        Value[] invalid = [Value.False, ObjectValue.Empty, ObjectValue.Empty];
        var alg = (header.Get("alg") as StringValue)?.Value ?? throw Fail(c.Name, "missing or invalid 'alg' header");
        if ((constraints.Get("alg") is StringValue wanted && wanted.Value != alg) || header.Get("crit") is not null)
        {
            return A(invalid);
        }

        bool verified;
        if (constraints.Get("secret") is StringValue secret)
        {
            verified = alg.StartsWith("HS", StringComparison.Ordinal) && Verify(c, alg, parts, secret.Value);
        }
        else if (constraints.Get("cert") is StringValue cert)
        {
            verified = alg.Length == 5 && alg[0] is 'R' or 'P' or 'E' && Verify(c, alg, parts, cert.Value);
        }
        else
        {
            throw Fail(c.Name, "constraints must include a secret or a cert");
        }

        if (!verified)
        {
            return A(invalid);
        }

        var now = constraints.Get("time") is NumberValue t ? t.Value : Number.FromLong(c.Session.NowNs);
        var billion = Number.FromLong(1_000_000_000);
        if (payload.Get("exp") is NumberValue exp && now.CompareTo(exp.Value * billion) >= 0)
        {
            return A(invalid);
        }

        if (payload.Get("nbf") is NumberValue nbf && now.CompareTo(nbf.Value * billion) < 0)
        {
            return A(invalid);
        }

        if (constraints.Get("iss") is StringValue iss && !(payload.Get("iss") is StringValue piss && piss.Value == iss.Value))
        {
            return A(invalid);
        }

        var paud = payload.Get("aud");
        if (constraints.Get("aud") is StringValue aud)
        {
            var ok = paud switch
            {
                StringValue s => s.Value == aud.Value,
                ArrayValue arr => arr.Items.Any(x => x is StringValue xs && xs.Value == aud.Value),
                _ => false,
            };
            if (!ok)
            {
                return A(invalid);
            }
        }
        else if (paud is not null)
        {
            return A(invalid);
        }

        return A([Value.True, header, payload]);
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            return ValueJson.Parse(text) is ObjectValue;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static string Sign(BuiltinContext c, string headerJson, string payloadJson, string keyJson)
    {
        ObjectValue header;
        try
        {
            header = ValueJson.Parse(headerJson) as ObjectValue ?? throw Fail(c.Name, "missing or invalid 'alg' header: cannot parse JSON");
        }
        catch (System.Text.Json.JsonException)
        {
            throw Fail(c.Name, "missing or invalid 'alg' header: cannot parse JSON" + (headerJson.Trim().Length == 0 ? ": cannot parse empty string" : ""));
        }

        if (header.Get("typ") is StringValue { Value: "JWT" } && !IsJsonObject(payloadJson))
        {
            throw Fail(c.Name, "type is JWT but payload is not JSON");
        }

        var alg = (header.Get("alg") as StringValue)?.Value ?? throw Fail(c.Name, "missing or invalid 'alg' header");
        var key = ValueJson.Parse(keyJson) as ObjectValue ?? throw Fail(c.Name, "key must be a JWK object");
        var signingInput = B64Url(System.Text.Encoding.UTF8.GetBytes(headerJson)) + "." + B64Url(System.Text.Encoding.UTF8.GetBytes(payloadJson));
        var data = System.Text.Encoding.ASCII.GetBytes(signingInput);
        byte[] sig = alg switch
        {
            "HS256" or "HS384" or "HS512" => Hmac(alg, key.Get("k") is StringValue k ? B64(c, k.Value, "key") : throw Fail(c.Name, "HMAC key needs k"), data),
            "RS256" or "RS384" or "RS512" => ((RSA)FromJwk(c, key)).SignData(data, Hash(alg), RSASignaturePadding.Pkcs1),
            "PS256" or "PS384" or "PS512" => ((RSA)FromJwk(c, key)).SignData(data, Hash(alg), RSASignaturePadding.Pss),
            "ES256" or "ES384" or "ES512" => ((ECDsa)FromJwk(c, key)).SignData(data, Hash(alg)),
            _ => throw Fail(c.Name, $"unknown JWS algorithm: {alg}"),
        };
        return signingInput + "." + B64Url(sig);
    }
}
