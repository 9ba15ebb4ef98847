using System.Diagnostics;
using System.Globalization;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;
using Marten;

namespace ActionPlane.Engine.Data;

// Model, scores and the demo end user.
public sealed partial class DemoTenantSeeder
{
    private async Task<ChurnModel> EnsureChurnModelAsync(IDocumentStore store, DemoSeedOptions options, DateOnly asOf, Action<string> progress, CancellationToken cancellationToken)
    {
        var champion = await new ModelRegistry(store).LoadChampionAsync(ChurnModelCard.Kind, cancellationToken);
        // The churn model reads its features by name: every name must still be built.
        if (Servable(champion, ChurnModel.Load, m => ServableFeatures.WhyNotByName(m.FeatureNames), progress, "Churn model") is { } served)
        {
            progress($"Churn model {champion!.Version} is the champion; not training.");
            return served;
        }
        // A champion that cannot be served is replaced without the gate comparing against it.
        return await TrainChurnModelAsync(store, options, asOf, promote: true, replaceChampion: champion is not null, progress, cancellationToken);
    }

    /// <summary>
    /// Trains a churn model on a synthetic historical cohort and registers it: the cohort is
    /// snapshotted 90 days before <paramref name="asOf"/> and labelled with the churn realised since,
    /// from the same generator as the demo tenant. With <paramref name="promote"/> it becomes the
    /// champion if it passes the <see cref="PromotionGate"/> or there is no champion yet.
    /// </summary>
    public Task<ChurnModel> TrainChurnModelAsync(IDocumentStore store, DemoSeedOptions options, DateOnly asOf, bool promote,
        Action<string> progress, CancellationToken cancellationToken = default) =>
        TrainChurnModelAsync(store, options, asOf, promote, replaceChampion: false, progress, cancellationToken);

    /// <param name="replaceChampion">The champion cannot be served: promote without comparing against it.</param>
    private async Task<ChurnModel> TrainChurnModelAsync(IDocumentStore store, DemoSeedOptions options, DateOnly asOf, bool promote, bool replaceChampion,
        Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        progress("Training churn model…");
        var clock = Stopwatch.StartNew();
        var registry = new ModelRegistry(store);
        var cohortAsOf = asOf.AddDays(-90);
        var cohortSeed = CohortSeed(options);
        var examples = new TenantGenerator(cohortSeed).Generate(options.TrainingAccounts, cohortAsOf).ToChurnExamples();
        var version = await registry.NextVersionAsync(ChurnModelCard.Kind, Today(), cancellationToken);
        var model = ChurnModel.Train(examples, new ChurnTrainingOptions { Version = version, Seed = options.Seed });

        var window = new TrainingWindow(cohortAsOf.AddDays(-TenantGenerator.HistoryDays), cohortAsOf, asOf);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"synthetic historical cohort of {examples.Count} accounts (generator seed {cohortSeed}), churn rate {examples.Count(e => e.Churned) / (double)examples.Count:P0}.");
        var champion = replaceChampion ? null : await registry.LoadChampionAsync(ChurnModelCard.Kind, cancellationToken);
        var refusal = PromotionGate.Check(model.Metrics, champion?.Metrics);
        // The first model is promoted even if weak: scoring needs a champion; the card records its metrics.
        var promoted = promote && (refusal is null || champion is null);
        await registry.SaveAsync(WithDemoThreshold(model, ChurnModelCard.ToArtifact(model, examples, window, description, time.GetUtcNow())), promoted, cancellationToken);

        var m = model.Metrics;
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Training churn model… ROC-AUC {m.RocAuc:F2}, PR-AUC {m.PrAuc:F2}, Brier {m.Brier:F3} on {m.TestCount} held-out accounts ({clock.Elapsed.TotalSeconds:F1} s); {(promoted ? "champion" : "challenger")} {model.Version}."));
        if (refusal is not null)
            progress($"Promotion gate: {refusal}");
        return model;
    }

    /// <summary>
    /// The demo's decision threshold, chosen on the model's held-out split by cost. The costs are a demo
    /// assumption, named on the model card: missing a churner costs five times an outreach to an account
    /// that would have stayed. A tenant sets its own with <c>actionplane train churn --cost-fp/--cost-fn</c>.
    /// </summary>
    private static ModelArtifact WithDemoThreshold(ChurnModel model, ModelArtifact artifact)
    {
        const double costFalsePositive = 1, costFalseNegative = 5;
        if (model.HeldOut is not { } held)
            return artifact;
        var threshold = ThresholdChoice.ByCost(held.Probabilities, held.Labels, costFalsePositive, costFalseNegative);
        var metrics = artifact.Metrics.ToDictionary();
        threshold.AddMetricsTo(metrics);
        return artifact with
        {
            Threshold = threshold,
            Metrics = metrics,
            ModelCard = artifact.ModelCard + threshold.CardLine($"the {held.Labels.Count} held-out accounts (demo costs 1 : 5)") + "\n",
        };
    }

    private async Task EnsureScoresAsync(IDocumentStore store, ScoringModels models, DateOnly asOf, Action<string> progress, CancellationToken cancellationToken)
    {
        int accounts, current;
        var version = models.Churn.Version.ToString();
        var rankVersion = models.Ranking?.Version.ToString();
        await using (var session = store.QuerySession())
        {
            accounts = await session.Query<Account>().CountAsync(cancellationToken);
            current = await session.Query<AccountScore>().CountAsync(
                s => s.ModelVersion == version && s.UpliftModelVersion == models.UpliftVersion && s.RankModelVersion == rankVersion, cancellationToken);
        }
        if (current >= accounts)
        {
            progress($"Scores of {accounts} accounts are current ({version}).");
            return;
        }
        var scored = await new BatchScorer(store, time).ScoreAllAsync(models, asOf, TextProgressBar.Lines("Scoring accounts", accounts, progress), cancellationToken);
        progress($"Scored {scored} accounts with {version}, {models.Uplift.Count} uplift models{(rankVersion is null ? "" : $" and {rankVersion}")}.");
    }

    /// <summary>
    /// The demo end user lives in the riskiest account that can actually receive nudges (production,
    /// consenting, not frozen), so the end-user persona sees retention nudges; it moves there if a
    /// rescoring left its account below High.
    /// </summary>
    private static async Task EnsureDemoEndUserAsync(IDocumentStore store, DemoSeedOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<EndUser>(DemoEndUserId, cancellationToken);
        if (existing is not null && await session.LoadAsync<AccountScore>(existing.AccountId, cancellationToken) is { Tier: RiskTier.High })
            return;

        var high = await session.Query<AccountScore>()
            .Where(s => s.Tier == RiskTier.High)
            .OrderByDescending(s => s.ChurnProbability)
            .Take(50)
            .ToListAsync(cancellationToken);
        if (high.Count == 0)
            throw new InvalidOperationException("No account scored High, so the demo end user has no high-risk account to join.");
        var accounts = (await session.LoadManyAsync<Account>(cancellationToken, high.Select(s => s.Id).ToArray())).ToDictionary(a => a.Id);
        var target = high.FirstOrDefault(s => accounts.TryGetValue(s.Id, out var a) && CanReceiveNudges(a))
            ?? high.FirstOrDefault(s => accounts.TryGetValue(s.Id, out var a) && a.ChurnedOn is null) ?? high[0];

        session.Store(new EndUser
        {
            Id = DemoEndUserId,
            AccountId = target.Id,
            Email = options.DemoEndUserEmail,
            Name = "Dana Demo",
            Role = "member",
        });
        await session.SaveChangesAsync(cancellationToken);
        progress(string.Create(CultureInfo.InvariantCulture,
            $"Demo end user {options.DemoEndUserEmail} is in account {target.Id} (churn risk {target.ChurnProbability:P0}, {target.Tier})."));
    }

    private static bool CanReceiveNudges(Account account) =>
        account.Environment == "production" && account.ConsentPersonalization && account.FrozenUntil is null && account.ChurnedOn is null;
}
