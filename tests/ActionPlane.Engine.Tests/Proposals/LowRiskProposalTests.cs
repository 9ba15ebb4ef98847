using ActionPlane.Engine.Models;
using ActionPlane.Engine.Tests.Support;

namespace ActionPlane.Engine.Tests.Proposals;

public sealed class LowRiskProposalTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    protected override RiskTier Tier => RiskTier.Low;

    [Fact]
    public async Task Propose_ForHealthyAccount_ReturnsDeniedDiscountWithTheGatesReason()
    {
        var batch = await H.Engine.ProposeAsync(LifecycleHarness.AccountId, LifecycleHarness.Csm);

        var discount = batch.Proposals.Single(p => p.ActionType == "offer_discount");
        discount.Allowed.Should().BeFalse();
        discount.Status.Should().Be(Engine.Lifecycle.ActionStatus.Denied);
        discount.Deny.Should().Contain(d => d.Rule == "eligibility.discount_risk");
        (await H.Decisions.GetAsync(discount.ProposalId))!.DenyRules.Should().Contain("eligibility.discount_risk");
    }
}
