using ActionPlane.Engine.Actions;

namespace ActionPlane.Engine.Tests.Actions;

public sealed class ActionCatalogTests
{
    private readonly ActionCatalog _catalog = ActionCatalog.Default;

    [Fact]
    public void Default_LoadsTheEightCatalogTypes()
    {
        var types = _catalog.All.Select(d => d.Type.Value);

        types.Should().BeEquivalentTo(CatalogExamples.Types);
    }

    [Theory]
    [MemberData(nameof(CatalogExamples.AllTypes), MemberType = typeof(CatalogExamples))]
    public void Default_GivesEveryTypePlainLanguageMetadata(string type)
    {
        var definition = _catalog.Get(new ActionTypeId(type));

        definition.Title.Should().NotBeNullOrWhiteSpace();
        definition.Description.Should().NotBeNullOrWhiteSpace();
        definition.Undo.Should().NotBeNullOrWhiteSpace();
        definition.Audience.Should().BeOneOf("user", "account", "csm");
        definition.Channel.Should().BeOneOf("in_app", "email", "csm_task", "billing");
        definition.Category.Should().BeOneOf("onboarding", "adoption", "retention", "pricing", "support");
        definition.Cost.Should().BeGreaterThanOrEqualTo(0);
        definition.CooldownDays.Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void OfferDiscount_IsTheOnlyConsequentialType()
    {
        var consequential = _catalog.All.Where(d => d.Consequential).Select(d => d.Type.Value);

        consequential.Should().Equal("offer_discount");
    }

    [Theory]
    [InlineData("offer_discount", "account", "billing", "pricing")]
    [InlineData("csm_outreach", "csm", "csm_task", "retention")]
    [InlineData("schedule_nudge", "user", "in_app", "adoption")]
    [InlineData("unlock_trial_within_caps", "account", "in_app", "adoption")]
    public void Get_ReturnsTheTableMetadata(string type, string audience, string channel, string category)
    {
        var definition = _catalog.Get(new ActionTypeId(type));

        (definition.Audience, definition.Channel, definition.Category).Should().Be((audience, channel, category));
    }

    [Fact]
    public void ToPolicyMetadata_HasTheGateContractFields()
    {
        var metadata = _catalog.Get(new ActionTypeId("offer_discount")).ToPolicyMetadata();

        metadata.Select(p => p.Key).Should().BeEquivalentTo(
            "audience", "channel", "category", "consequential", "reversible", "cost", "cooldown_days");
        metadata["consequential"]!.GetValue<bool>().Should().BeTrue();
        metadata["channel"]!.GetValue<string>().Should().Be("billing");
        metadata["cooldown_days"]!.GetValue<int>().Should().Be(30);
    }

    [Fact]
    public void TryGet_ReturnsFalse_ForUnknownType()
    {
        var found = _catalog.TryGet("send_fax", out var definition);

        found.Should().BeFalse();
        definition.Should().BeNull();
    }

    [Fact]
    public void Get_Throws_NamingTheUnknownType()
    {
        var act = () => _catalog.Get(new ActionTypeId("send_fax"));

        act.Should().Throw<KeyNotFoundException>().WithMessage("*'send_fax'*");
    }

    [Fact]
    public void SchemaText_IsTheShippedSchemaWithItsExtension()
    {
        var text = _catalog.SchemaText(new ActionTypeId("pin_shortcut"));

        var schema = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        schema["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        schema["x-actionplane"]!["audience"]!.GetValue<string>().Should().Be("user");
    }

    [Fact]
    public void Catalog_RejectsASchemaThatAllowsExtraFields()
    {
        const string schema = """{ "type": "object", "properties": {}, "x-actionplane": {} }""";

        var act = () => new ActionCatalog([KeyValuePair.Create("loose", schema)]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*loose.schema.json*additionalProperties*");
    }

    [Fact]
    public void Catalog_RejectsMetadataWithAnUnknownChannel()
    {
        const string schema = """
            { "type": "object", "additionalProperties": false, "properties": {},
              "x-actionplane": { "title": "t", "description": "d", "audience": "user", "channel": "sms",
                                 "category": "adoption", "consequential": false, "reversible": true,
                                 "undo": "u", "cost": 0, "cooldown_days": 1 } }
            """;

        var act = () => new ActionCatalog([KeyValuePair.Create("texting", schema)]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*texting*x-actionplane.channel*'sms'*");
    }
}
