using ActionPlane.Engine.Data;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Support;
using Marten;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>The sentence end users see under "Why am I seeing this?" never carries personal or commercial data.</summary>
public sealed class EndUserWhyTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task EndUserWhy_ForGeneratedAccounts_HasNoNamesEmailsMoneyOrRiskScores()
    {
        // Arrange: generated accounts (with their users) scored with drivers taken from their own
        // features, so the top driver — the only model input the sentence may reflect — varies.
        var asOf = DateOnly.FromDateTime(LifecycleHarness.Start.UtcDateTime);
        var tenant = new TenantGenerator(7).Generate(24, asOf);
        var signals = tenant.SignalsByAccount();
        var random = new Random(7);
        await using (var session = H.Store.LightweightSession())
        {
            foreach (var account in tenant.Accounts)
            {
                var features = FeatureBuilder.Build(account, signals[account.Id], asOf);
                var drivers = features.Values.Where(v => v.Value is not null)
                    .Select(v => new FeatureContribution(v.Key, v.Value, random.NextDouble() - 0.3))
                    .OrderByDescending(d => Math.Abs(d.Contribution)).Take(5).ToArray();
                var p = tenant.Truth[account.Id].TrueChurnProbability;
                session.Store(account);
                session.Store(new AccountScore
                {
                    Id = account.Id, ChurnProbability = p, Tier = p > 0.5 ? RiskTier.High : p > 0.2 ? RiskTier.Medium : RiskTier.Low,
                    Drivers = drivers, ModelVersion = "churn-gen-1", ScoredAt = LifecycleHarness.Start, Features = features,
                });
            }
            session.Store(tenant.EndUsers.ToArray());
            await session.SaveChangesAsync();
        }

        // Act
        var sentences = new List<(Account Account, string Why)>();
        foreach (var account in tenant.Accounts)
        {
            var batch = await H.Engine.ProposeAsync(account.Id, LifecycleHarness.Csm);
            sentences.AddRange(batch.Proposals.Select(p => (account, p.Explanation.UserFacingWhy)));
        }

        // Assert
        sentences.Should().NotBeEmpty();
        sentences.Select(s => s.Why).Distinct().Count().Should().BeGreaterThan(1, "the sentence follows the account's signals");
        foreach (var (account, why) in sentences)
        {
            why.Should().NotBeNullOrWhiteSpace();
            why.Should().NotContainAny(["@", "%", "$", "€", "MRR", "churn", "risk", "revenue", "score"]);
            why.Any(char.IsDigit).Should().BeFalse($"no counts, money or probabilities: \"{why}\"");
            why.Length.Should().BeLessThanOrEqualTo(EndUserWhy.MaxLength, $"it fits one line of a tip card: \"{why}\"");
            why.Should().NotContain("_", "no feature keys or action type ids");
            why.Should().NotContain(account.Name).And.NotContain(account.Id).And.NotContain(account.CsmOwner);
            foreach (var user in tenant.EndUsers.Where(u => u.AccountId == account.Id))
                why.Should().NotContain(user.Email).And.NotContain(user.Name);
        }
    }
}
