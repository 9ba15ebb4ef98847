using ActionPlane.Policies.Rego;
using static ActionPlane.Policies.Tests.Rego.RegoHarness;

namespace ActionPlane.Policies.Tests.Rego;

public sealed class BuiltinTests
{
    [Theory]
    [InlineData("sprintf(\"%s has %d seats (%.1f%%)\", [\"acme\", 25, 12.345])", "\"acme has 25 seats (12.3%)\"")]
    [InlineData("sprintf(\"%v / %v\", [{\"a\": [1]}, {1, 2}])", "\"{\\\"a\\\": [1]} / {1, 2}\"")]
    [InlineData("concat(\", \", [\"a\", \"b\"])", "\"a, b\"")]
    [InlineData("split(\"a.b.c\", \".\")", "[\"a\",\"b\",\"c\"]")]
    [InlineData("substring(\"héllo\", 1, 3)", "\"éll\"")]
    [InlineData("indexof(\"héllo\", \"l\")", "2")]
    [InlineData("trim_space(\"  x  \")", "\"x\"")]
    [InlineData("replace(\"a-b-c\", \"-\", \"+\")", "\"a+b+c\"")]
    [InlineData("format_int(255, 16)", "\"ff\"")]
    [InlineData("upper(\"abc\")", "\"ABC\"")]
    [InlineData("startswith(\"billing\", \"bill\")", "true")]
    public void StringBuiltins_FormatLikeOpa(string expr, string expected)
    {
        Eval("p := " + expr).Should().Be(expected);
    }

    [Theory]
    [InlineData("object.get({\"a\": {\"b\": 1}}, [\"a\", \"b\"], 0)", "1")]
    [InlineData("object.get({\"a\": 1}, \"z\", \"dflt\")", "\"dflt\"")]
    [InlineData("object.keys({\"b\": 1, \"a\": 2})", "[\"a\",\"b\"]")]
    [InlineData("object.union({\"a\": {\"x\": 1}}, {\"a\": {\"y\": 2}})", "{\"a\":{\"x\":1,\"y\":2}}")]
    [InlineData("object.remove({\"a\": 1, \"b\": 2}, [\"a\"])", "{\"b\":2}")]
    [InlineData("array.concat([1], [2, 3])", "[1,2,3]")]
    [InlineData("array.slice([1, 2, 3, 4], 1, 3)", "[2,3]")]
    [InlineData("[count([1, 2]), sum([1, 2.5]), max([3, 9]), min({4, 2})]", "[2,3.5,9,2]")]
    [InlineData("[type_name({}), type_name(set()), is_number(1), to_number(\"12.5\")]", "[\"object\",\"set\",true,12.5]")]
    [InlineData("json.unmarshal(json.marshal({\"k\": [1, true, null]}))", "{\"k\":[1,true,null]}")]
    [InlineData("[regex.match(\"^acc-[0-9]+$\", \"acc-0042\"), regex.match(\"^x\", \"acc\")]", "[true,false]")]
    [InlineData("[units.parse(\"2K\"), units.parse_bytes(\"1KiB\")]", "[2000,1024]")]
    public void CollectionAndConversionBuiltins_Work(string expr, string expected)
    {
        Eval("p := " + expr).Should().Be(expected);
    }

    [Fact]
    public void TimeBuiltins_RespectTimeZones()
    {
        const string Now = "time.parse_rfc3339_ns(\"2026-11-23T17:30:00Z\")";

        Eval($"p := time.clock([{Now}, \"Europe/Berlin\"])").Should().Be("[18,30,0]");
        Eval($"p := time.clock({Now})").Should().Be("[17,30,0]");
        Eval($"p := time.weekday({Now})").Should().Be("\"Monday\"");
        Eval($"p := time.date(time.add_date({Now}, 0, 1, 10))").Should().Be("[2027,1,2]");
        Eval("p := time.parse_duration_ns(\"1h30m\")").Should().Be("5400000000000");
        Eval("p := time.now_ns()").Should().Be("1795428000000000000");
    }

    [Fact]
    public void TestSleep_WaitsWithoutMovingTheQuerysClock()
    {
        var engine = Engine("package test\np := [a, b] if { a := time.now_ns(); test.sleep(\"20ms\"); b := time.now_ns() }");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var value = engine.Evaluate(["test", "p"], null, new EvalOptions())!;

        started.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(19);
        var pair = (ArrayValue)value;
        pair.Items[0].Should().Be(pair.Items[1]);
    }

    [Fact]
    public void TypeErrors_AreUndefinedByDefault_AndErrorsWhenStrict()
    {
        Eval("p := count(5)").Should().BeNull();

        var error = EvalError("p := count(5)", strict: true);

        error.Code.Should().Be("eval_type_error");
        error.Detail.Should().Be("count: operand 1 must be one of {array, object, set, string} but got number");
        error.Location!.Value.Row.Should().Be(3);
    }

    [Fact]
    public void BuiltinErrors_AreUndefinedByDefault_AndErrorsWhenStrict()
    {
        Eval("p := 1 / 0").Should().BeNull();
        EvalError("p := 1 / 0", strict: true).Code.Should().Be("eval_builtin_error");
    }

    [Fact]
    public void Jwt_SignedWithHs256_DecodesAndVerifies_AndRejectsWrongSecretOrIssuer()
    {
        const string Policy = """
            key := {"kty": "oct", "k": base64url.encode_no_pad("s3cret")}
            token := io.jwt.encode_sign({"alg": "HS256", "typ": "JWT"}, {"iss": "actionplane", "sub": "csm@demo.local"}, key)
            p := [
              io.jwt.verify_hs256(token, "s3cret"),
              io.jwt.verify_hs256(token, "other"),
              io.jwt.decode(token)[1].sub,
              io.jwt.decode_verify(token, {"secret": "s3cret", "iss": "actionplane"})[0],
              io.jwt.decode_verify(token, {"secret": "s3cret", "iss": "someone-else"})[0],
            ]
            """;

        Eval(Policy).Should().Be("""[true,false,"csm@demo.local",true,false]""");
    }

    [Fact]
    public void Crypto_HashesAndCidrs_MatchKnownValues()
    {
        Eval("p := crypto.sha256(\"abc\")").Should().Be("\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
        Eval("p := [net.cidr_contains(\"10.0.0.0/8\", \"10.1.2.3\"), net.cidr_contains(\"10.0.0.0/8\", \"11.0.0.1\")]").Should().Be("[true,false]");
        Eval("p := [glob.match(\"*.example.com\", [\".\"], \"api.example.com\"), glob.match(\"*.example.com\", [\".\"], \"a.b.example.com\")]").Should().Be("[true,false]");
        Eval("p := semver.compare(\"1.10.0\", \"1.9.0\")").Should().Be("1");
    }
}
