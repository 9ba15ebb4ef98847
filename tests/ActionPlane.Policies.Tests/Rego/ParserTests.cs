using ActionPlane.Policies.Rego;
using ActionPlane.Policies.Rego.Ast;

namespace ActionPlane.Policies.Tests.Rego;

public sealed class ParserTests
{
    [Fact]
    public void Parser_ReportsFileRowAndColumn_ForUnexpectedToken()
    {
        var act = () => Parser.ParseModule("gate.rego", "package a\n\np if {\n  x := ]\n}");

        var error = act.Should().Throw<RegoException>().Which;
        error.Code.Should().Be("rego_parse_error");
        error.Location.Should().Be(new Location("gate.rego", 4, 8));
        error.Message.Should().StartWith("gate.rego:4:8: rego_parse_error: unexpected ] token");
    }

    [Fact]
    public void Parser_RejectsModuleWithoutPackage_AndUnterminatedString()
    {
        var noPackage = () => Parser.ParseModule("a.rego", "p := 1");
        var unterminated = () => Parser.ParseModule("b.rego", "package x\np := \"abc\n");

        noPackage.Should().Throw<RegoException>().Which.Detail.Should().Contain("expected package");
        unterminated.Should().Throw<RegoException>().Which.Location!.Value.Row.Should().Be(2);
    }

    [Fact]
    public void Parser_ReadsEveryRuleShape()
    {
        var module = Parser.ParseModule("m.rego", """
            package shapes
            import rego.v1
            import data.lib.util as u

            default allow := false
            allow if input.ok
            deny contains msg if { msg := "no" }
            limits.max[kind] := 3 if some kind in ["a", "b"]
            f(x, y) := x + y
            g(x) if x > 1
            grade := "a" if input.n > 90 else := "b" if input.n > 80 else := "c"
            """);

        module.Package.Should().Equal("shapes");
        module.Imports.Should().ContainSingle().Which.Name.Should().Be("u");
        module.Rules.Select(r => (r.Kind, r.IsDefault, r.Ref.Count)).Should().Equal(
            (RuleKind.SingleValue, true, 1),
            (RuleKind.SingleValue, false, 1),
            (RuleKind.MultiValue, false, 1),
            (RuleKind.SingleValue, false, 3),
            (RuleKind.Function, false, 1),
            (RuleKind.Function, false, 1),
            (RuleKind.SingleValue, false, 1));
        module.Rules[^1].Else!.Else.Should().NotBeNull();
    }

    [Fact]
    public void Parser_TreatsNewlinesAsSeparators_SoABracketOnANewLineStartsAnExpression()
    {
        var module = Parser.ParseModule("m.rego", "package t\np if {\n  x := 1\n  [a, b] := [x, 2]\n  a + b ==\n    3\n}");

        module.Rules[0].Body.Should().HaveCount(3);
        module.Rules[0].Body[1].Should().BeOfType<AssignExpr>().Which.Left.Should().BeOfType<ArrayTerm>();
        module.Rules[0].Body[2].Should().BeOfType<TermExpr>();
    }

    [Fact]
    public void Parser_ReadsStringEscapesRawStringsAndNumbers()
    {
        var module = Parser.ParseModule("m.rego", "package t\na := \"tab\\tquote\\\" \\u00e9\"\nb := `C:\\raw\\n`\nc := -1.5e3\nd := 123456789012345678901234567890");

        string Lit(int i) => ValueJson.Serialize(((ScalarTerm)module.Rules[i].Value).Value);
        Lit(0).Should().Be("\"tab\\tquote\\\" é\"");
        Lit(1).Should().Be("\"C:\\\\raw\\\\n\"");
        // A float-spelled literal keeps its text, as OPA's json.Number does, and still equals its value.
        Lit(2).Should().Be("-1.5e3");
        ((ScalarTerm)module.Rules[2].Value).Value.Should().Be(Value.Num(-1500));
        Lit(3).Should().Be("123456789012345678901234567890");
    }

    [Fact]
    public void Parser_ReadsSomeEveryNotWithAndMembership()
    {
        var module = Parser.ParseModule("m.rego", """
            package t
            p if {
              some k, v in input.obj
              every x in input.xs { x > 0 }
              not "admin" in input.roles
              q with input as {"a": 1}
              "a", 1 in {"a": 1}
            }
            """);

        var body = module.Rules[0].Body;
        body[0].Should().BeOfType<SomeInExpr>().Which.Key.Should().NotBeNull();
        body[1].Should().BeOfType<EveryExpr>();
        body[2].Negated.Should().BeTrue();
        body[3].With.Should().ContainSingle();
        ((TermExpr)body[4]).Term.Should().BeOfType<CallTerm>().Which.Name.Should().Be("internal.member_3");
    }

    [Fact]
    public void Parser_DistinguishesSetObjectAndComprehensions()
    {
        var module = Parser.ParseModule("m.rego", "package t\na := {1, 2}\nb := {\"k\": 1}\nc := {x | some x in [1]}\nd := {x: 1 | some x in [1]}\ne := [x | x := 1]\nf := set()\ng := {}");

        module.Rules.Select(r => r.Value.GetType().Name).Should().Equal(
            "SetTerm", "ObjectTerm", "SetComprehension", "ObjectComprehension", "ArrayComprehension", "SetTerm", "ObjectTerm");
    }

    [Fact]
    public void Parser_AllowsKeywordsAsRefSegments()
    {
        var module = Parser.ParseModule("m.rego", "package t\np if input.if.default == data.contains.else");

        module.Rules.Should().ContainSingle();
    }

    [Fact]
    public void Parser_RejectsAbsurdNesting_WithAParseErrorInsteadOfCrashing()
    {
        var text = "package t\np := " + new string('[', 200_000) + new string(']', 200_000);

        var act = () => Parser.ParseModule("deep.rego", text);

        act.Should().Throw<RegoException>().Which.Detail.Should().Be("policy text is nested too deeply");
    }
}
