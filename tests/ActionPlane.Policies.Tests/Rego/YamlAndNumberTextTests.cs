using ActionPlane.Policies.Rego;
using static ActionPlane.Policies.Tests.Rego.RegoHarness;

namespace ActionPlane.Policies.Tests.Rego;

/// <summary>yaml.* as OPA has them (go-yaml v2 via JSON), and numbers that keep the spelling of their literal.</summary>
public sealed class YamlAndNumberTextTests
{
    [Theory]
    [InlineData("""yaml.marshal({"b": [1, 2], "a": {"c": null}})""", "a:\n  c: null\nb:\n- 1\n- 2\n")]
    [InlineData("""yaml.marshal([{"k": {3, 1}}])""", "- k:\n  - 1\n  - 3\n")]
    [InlineData("""yaml.marshal({"a10": 1, "a9": 2, "b": 1.5})""", "a9: 2\na10: 1\nb: 1.5\n")]
    [InlineData("""yaml.marshal({"yes": "yes", "n": "1", "t": "~", "e": "", "x": "a: b"})""", "e: \"\"\n\"n\": \"1\"\nt: \"~\"\nx: 'a: b'\n\"yes\": \"yes\"\n")]
    [InlineData("""yaml.marshal({"big": 1000000.0, "empty": [], "obj": {}})""", "big: 1e+06\nempty: []\nobj: {}\n")]
    [InlineData("""yaml.marshal("plain")""", "plain\n")]
    public void YamlMarshal_WritesWhatGoYamlWrites(string expr, string expected)
    {
        Eval("p := " + expr).Should().Be(ValueJson.Serialize(Value.Str(expected)));
    }

    [Theory]
    [InlineData("a: yes\nb: off\nc: ~\nd: 0x1F\ne: 1_000\nf: 1.50\ng: '3'\nh: 2001-12-14", """{"a":true,"b":false,"c":null,"d":31,"e":1000,"f":1.5,"g":"3","h":"2001-12-14"}""")]
    [InlineData("base: &b {k: v}\ncopy: *b\n", """{"base":{"k":"v"},"copy":{"k":"v"}}""")]
    [InlineData("- 1\n- [2, 3]\n", "[1,[2,3]]")]
    [InlineData("", "null")]
    [InlineData("a: 1\n---\nb: 2\n", """{"a":1}""")]
    [InlineData("1: one\ntrue: t\n", """{"1":"one","true":"t"}""")]
    public void YamlUnmarshal_ReadsYaml11ScalarsAndTheFirstDocument(string yaml, string expected)
    {
        Eval("p := yaml.unmarshal(input.y)", input: System.Text.Json.JsonSerializer.Serialize(new { y = yaml })).Should().Be(expected);
    }

    [Fact]
    public void YamlUnmarshal_BrokenDocument_IsABuiltinErrorInGoYamlsWords()
    {
        var error = EvalError("p := yaml.unmarshal(\"a: [1, 2\")", strict: true);

        error.Code.Should().Be("eval_builtin_error");
        error.Message.Should().EndWith("eval_builtin_error: yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'");
        error.Location.Should().NotBeNull();
    }

    [Theory]
    [InlineData("\"a:\\n  - b\"", "true")]
    [InlineData("\"a: {b\"", "false")]
    [InlineData("\"x: .inf\"", "true")]
    [InlineData("1", "false")]
    public void YamlIsValid_IsFalseForBadTextAndNonStrings(string operand, string expected)
    {
        Eval($"p := yaml.is_valid({operand})").Should().Be(expected);
    }

    [Theory]
    [InlineData("sprintf(\"%v\", [2e308])", "\"2e308\"")]
    [InlineData("sprintf(\"%v %v\", [1.0, 1e3])", "\"1 1000\"")]
    [InlineData("sprintf(\"%d|%d\", [7, 7.0])", "\"7|%!d(float64=7)\"")]
    [InlineData("sprintf(\"%s|%s\", [7, 123456789123456789123])", "\"%!s(int=7)|123456789123456789123\"")]
    [InlineData("sprintf(\"%v|%v|%.3g|%e\", [1000000.5, 0.00001, 3.14159, 1234.5])", "\"1.0000005e+06|1e-05|3.14|1.234500e+03\"")]
    [InlineData("sprintf(\"%v\", [[1.50, 2]])", "\"[1.50, 2]\"")]
    public void Sprintf_HandsNumbersToGoAsOpaDoes_ByTheirSpelling(string expr, string expected)
    {
        Eval("p := " + expr).Should().Be(expected);
    }

    [Fact]
    public void NumberLiteral_KeepsItsSpellingInJsonOutput_AndEqualsItsValue()
    {
        Eval("p := [2e308, 1.50, 1.5 == 1.50, 3]").Should().Be("[2e308,1.50,true,3]");
    }
}
