using System.Text.RegularExpressions;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Data;
using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using ActionPlane.Engine.Proposals;
using ActionPlane.Engine.Tests.Models;

namespace ActionPlane.Engine.Tests.Proposals;

/// <summary>
/// "Why am I seeing this?" in plain words, checked as a property over many generated accounts, every
/// action type and every category: drivers come from a real churn model on accounts it never saw.
/// </summary>
public sealed partial class EndUserWhySentenceTests(TrainedChurnModel trained) : IClassFixture<TrainedChurnModel>
{
    private static readonly string[] s_internalWords =
        ["churn", "risk", "score", "model", "uplift", "renewal", "retention", "revenue", "mrr", "arr", "nps", "csat", "discount", "%", "$", "€", "£", "@"];

    [Fact]
    public void EndUserWhy_ForEveryGeneratedAccountAndAction_IsShortPlainAndFreeOfNumbersKeysAndPii()
    {
        var accounts = trained.Fresh.Accounts;
        var predictions = trained.Model.PredictMany(TrainedChurnModel.ExamplesOf(trained.Fresh).Select(e => e.Features).ToList());
        var usersByAccount = trained.Fresh.EndUsers.ToLookup(u => u.AccountId);
        var sentences = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            foreach (var definition in ActionCatalog.Default.All)
            foreach (var category in PreferenceService.Categories)
            {
                var why = EndUserWhy.For(definition.Type.Value, category, predictions[i].Drivers);
                sentences.Add(why);

                AssertPlain(why);
                why.Should().NotContain(account.Name).And.NotContain(account.Id).And.NotContain(account.CsmOwner);
                foreach (var user in usersByAccount[account.Id])
                    why.Should().NotContain(user.Name).And.NotContain(user.Email).And.NotContain(user.Id);
            }
        }

        sentences.Count.Should().BeGreaterThan(ActionCatalog.Default.All.Count, "the sentence follows the account's signals, not only the action");
    }

    [Fact]
    public void EndUserWhy_ForAnyFeatureAsTopDriver_AtAnyValue_IsShortPlainAndFreeOfNumbers()
    {
        // The model only ever puts some features on top; every feature the snapshot can hold gets a turn here.
        double?[] values = [null, -3, 0, 0.04, 0.5, 0.95, 1, 1.7, 3, 12, 45.5, 400, 25_000];
        foreach (var feature in FeatureBuilder.FeatureNames)
        foreach (var value in values)
        foreach (var sign in new[] { 1.0, -1.0 })
        foreach (var definition in ActionCatalog.Default.All)
            AssertPlain(EndUserWhy.For(definition.Type.Value, definition.Category, [new FeatureContribution(feature, value, sign * 2.5)]));
    }

    [Theory]
    [InlineData("usage_trend_7d_vs_30d", 0.4, "less this week")]
    [InlineData("seat_utilisation", 0.3, "seats aren't in use")]
    [InlineData("tickets_30d", 4, "asked our support")]
    public void EndUserWhy_SaysTheUsageSignal_WhenItsValueBearsItOut(string feature, double value, string expected)
    {
        EndUserWhy.For("show_checklist", "onboarding", [new FeatureContribution(feature, value, 1.2)]).Should().Contain(expected);
    }

    [Theory]
    [InlineData("usage_trend_7d_vs_30d", 1.3)]
    [InlineData("seat_utilisation", 0.95)]
    [InlineData("tickets_30d", 0)]
    [InlineData("mrr", 4000)]
    [InlineData("days_to_renewal", 20)]
    public void EndUserWhy_SaysNoSignal_WhenTheValueContradictsItOrTheDriverIsCommercial(string feature, double value)
    {
        EndUserWhy.For("show_checklist", "onboarding", [new FeatureContribution(feature, value, 1.2)])
            .Should().Be("You're seeing this because it helps teams like yours: this checklist covers the setup steps teams find most useful.");
    }

    private static void AssertPlain(string why)
    {
        why.Should().NotBeNullOrWhiteSpace();
        why.Length.Should().BeLessThanOrEqualTo(EndUserWhy.MaxLength, $"it fits one line of a tip card: \"{why}\"");
        why.Any(char.IsDigit).Should().BeFalse($"no counts, decimals, money or probabilities: \"{why}\"");
        why.Should().NotContain("_", $"no feature keys or action type ids: \"{why}\"");
        var words = Words().Matches(why).Select(m => m.Value.ToLowerInvariant()).ToHashSet();
        foreach (var word in s_internalWords)
            (word.Length == 1 ? why.Contains(word, StringComparison.Ordinal) : words.Contains(word))
                .Should().BeFalse($"\"{word}\" is not for end users: \"{why}\"");
        why.Should().EndWith(".");
    }

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex Words();
}
