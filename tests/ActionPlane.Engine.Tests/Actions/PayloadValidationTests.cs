using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;

namespace ActionPlane.Engine.Tests.Actions;

public sealed class PayloadValidationTests
{
    private readonly ActionCatalog _catalog = ActionCatalog.Default;

    [Theory]
    [MemberData(nameof(CatalogExamples.AllTypes), MemberType = typeof(CatalogExamples))]
    public void Validate_AcceptsTheExamplePayload(string type)
    {
        var errors = _catalog.Validate(type, CatalogExamples.ValidPayload(type));

        errors.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(CatalogExamples.AllTypes), MemberType = typeof(CatalogExamples))]
    public void Validate_RejectsAnExtraField_OnEveryType(string type)
    {
        var payload = CatalogExamples.ValidPayload(type);
        payload["coupon_code"] = "SAVE50";

        var errors = _catalog.Validate(type, payload);

        errors.Should().ContainSingle().Which.Path.Should().Be("coupon_code");
    }

    [Fact]
    public void Validate_NamesTheMissingField()
    {
        var payload = CatalogExamples.ValidPayload("offer_discount");
        payload.Remove("months");

        var errors = _catalog.Validate("offer_discount", payload);

        errors.Should().ContainSingle().Which.Should().Be(new PayloadError("months", "months: is required."));
    }

    // Regression: 1e308 is past decimal's range, and reading it threw out of Validate (a 500 from the API).
    [Fact]
    public void Validate_NamesTheField_WhenANumberIsBeyondAnyRange()
    {
        var payload = CatalogExamples.ValidPayload("offer_discount");
        payload["percent"] = JsonNode.Parse("1e308");

        var error = _catalog.Validate("offer_discount", payload).Should().ContainSingle().Subject;

        error.Path.Should().Be("percent");
        error.Message.Should().StartWith("percent: the number is too large");
    }

    [Fact]
    public void Validate_SaysTheValueAndTheMaximum_WhenOutOfRange()
    {
        var payload = CatalogExamples.ValidPayload("offer_discount");
        payload["percent"] = 75;

        var error = _catalog.Validate("offer_discount", payload).Should().ContainSingle().Subject;

        error.Path.Should().Be("percent");
        error.Message.Should().Be("percent: 75 is greater than the maximum 50.");
    }

    [Fact]
    public void Validate_SaysTheMinimum_WhenBelowRange()
    {
        var payload = CatalogExamples.ValidPayload("unlock_trial_within_caps");
        payload["days"] = 0;

        var error = _catalog.Validate("unlock_trial_within_caps", payload).Should().ContainSingle().Subject;

        error.Should().Be(new PayloadError("days", "days: 0 is less than the minimum 1."));
    }

    [Fact]
    public void Validate_ListsTheAllowedValues_WhenNotInEnum()
    {
        var payload = CatalogExamples.ValidPayload("suggest_upgrade_within_policy");
        payload["target_plan"] = "platinum";

        var error = _catalog.Validate("suggest_upgrade_within_policy", payload).Should().ContainSingle().Subject;

        error.Path.Should().Be("target_plan");
        error.Message.Should().Be("target_plan: \"platinum\" is not one of pro, enterprise.");
    }

    [Fact]
    public void Validate_SaysTheLength_WhenTooLong()
    {
        var payload = CatalogExamples.ValidPayload("schedule_nudge");
        payload["message"] = new string('x', 281);

        var error = _catalog.Validate("schedule_nudge", payload).Should().ContainSingle().Subject;

        error.Should().Be(new PayloadError("message", "message: is 281 characters long, longer than the maximum 280."));
    }

    [Fact]
    public void Validate_RejectsTheWrongType()
    {
        var payload = CatalogExamples.ValidPayload("offer_discount");
        payload["percent"] = "fifteen";

        var error = _catalog.Validate("offer_discount", payload).Should().ContainSingle().Subject;

        error.Path.Should().Be("percent");
        error.Message.Should().Contain("expected a whole number").And.Contain("\"fifteen\"");
    }

    [Fact]
    public void Validate_RejectsAFractionalPercent()
    {
        var payload = CatalogExamples.ValidPayload("offer_discount");
        payload["percent"] = 12.5m;

        var errors = _catalog.Validate("offer_discount", payload);

        errors.Should().ContainSingle().Which.Path.Should().Be("percent");
    }

    [Fact]
    public void Validate_PointsAtTheBadListItem()
    {
        var payload = CatalogExamples.ValidPayload("show_checklist");
        payload["items"] = new JsonArray("Invite a teammate", "Connect your CRM", 42);

        var error = _catalog.Validate("show_checklist", payload).Should().ContainSingle().Subject;

        error.Path.Should().Be("items[2]");
        error.Message.Should().StartWith("items[2]: expected a string");
    }

    [Fact]
    public void Validate_RejectsAnEmptyChecklist()
    {
        var payload = CatalogExamples.ValidPayload("show_checklist");
        payload["items"] = new JsonArray();

        var error = _catalog.Validate("show_checklist", payload).Should().ContainSingle().Subject;

        error.Should().Be(new PayloadError("items", "items: has 0 items, fewer than the minimum 1."));
    }

    [Fact]
    public void Validate_PointsAtTheNonStringFormField()
    {
        var payload = CatalogExamples.ValidPayload("prefill_form");
        payload["fields"]!["seats"] = 12;

        var error = _catalog.Validate("prefill_form", payload).Should().ContainSingle().Subject;

        error.Path.Should().Be("fields.seats");
    }

    [Theory]
    [InlineData("schedule_nudge", "send_at", "next tuesday")]
    [InlineData("csm_outreach", "due_date", "27/11/2026")]
    [InlineData("csm_outreach", "csm", "not-an-address")]
    public void Validate_RejectsMalformedFormats(string type, string field, string value)
    {
        var payload = CatalogExamples.ValidPayload(type);
        payload[field] = value;

        var error = _catalog.Validate(type, payload).Should().ContainSingle().Subject;

        error.Path.Should().Be(field);
        error.Message.Should().StartWith($"{field}: \"{value}\" is not");
    }

    [Fact]
    public void Validate_RejectsAnIdWithSpaces()
    {
        var payload = CatalogExamples.ValidPayload("pin_shortcut");
        payload["user_id"] = "usr 42; drop table";

        var errors = _catalog.Validate("pin_shortcut", payload);

        errors.Should().ContainSingle().Which.Path.Should().Be("user_id");
    }

    [Fact]
    public void Validate_ReportsEveryProblem_NotJustTheFirst()
    {
        var payload = new JsonObject { ["account_id"] = "acc-0042", ["percent"] = 90, ["months"] = 24 };

        var paths = _catalog.Validate("offer_discount", payload).Select(e => e.Path);

        paths.Should().BeEquivalentTo("months", "percent", "reason");
    }

    [Theory]
    [InlineData("[1, 2]", "a list")]
    [InlineData("\"15%\"", "the value \"15%\"")]
    [InlineData("null", "null")]
    public void Validate_RejectsAPayloadThatIsNotAnObject(string json, string described)
    {
        var payload = JsonNode.Parse(json);

        var error = _catalog.Validate("offer_discount", payload).Should().ContainSingle().Subject;

        error.Path.Should().Be("payload");
        error.Message.Should().Contain($"got {described}");
    }

    [Fact]
    public void Validate_ReportsAnUnknownTypeAtActionType()
    {
        var error = _catalog.Validate("send_fax", new JsonObject()).Should().ContainSingle().Subject;

        error.Path.Should().Be("actionType");
        error.Message.Should().Contain("'send_fax'").And.Contain("offer_discount");
    }

    [Fact]
    public void Validate_GivesTheSameAnswers_FromManyThreads()
    {
        var payload = CatalogExamples.ValidPayload("offer_discount");
        payload["percent"] = 75;
        var json = payload.ToJsonString();
        var results = new IReadOnlyList<PayloadError>[64];

        Parallel.For(0, results.Length, i => results[i] = _catalog.Validate("offer_discount", JsonNode.Parse(json)));

        results.Should().OnlyContain(r => r.Count == 1 && r[0].Message == "percent: 75 is greater than the maximum 50.");
    }
}
