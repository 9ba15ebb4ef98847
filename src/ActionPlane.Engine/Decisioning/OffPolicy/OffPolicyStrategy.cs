using ActionPlane.Engine.Features;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Uplift;
using Marten;

namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// A strategy a reviewer can value on the log: <c>no_action</c>; <c>logged</c> (the logging policy
/// itself, its on-policy mean: a sanity line); <c>greedy</c> (the exploit arm on the values recorded at
/// decision time, no exploration); <c>model:&lt;uplift version&gt;</c> (the same greedy rule with one
/// action type's uplift re-scored from the stored feature snapshots by a registered uplift model —
/// champion or challenger — and the other candidates as recorded). Each picks at most one allowed
/// candidate per decision, deterministically.
/// </summary>
public sealed class OffPolicyStrategy
{
    public const string NoAction = "no_action";
    public const string Logged = "logged";
    public const string Greedy = "greedy";
    public const string ModelPrefix = "model:";

    /// <summary>What is evaluated when the reviewer names nothing.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [NoAction, Logged, Greedy];

    private readonly UpliftModel? _model;

    private OffPolicyStrategy(string name, UpliftModel? model)
    {
        Name = name;
        _model = model;
    }

    public string Name { get; }

    /// <summary>The action type whose uplift the model re-scores; null for the other strategies.</summary>
    public string? RescoredAction => _model?.ActionType;

    /// <summary>
    /// The strategy named <paramref name="text"/>. Throws <see cref="OffPolicyInputException"/> (field
    /// <c>strategy</c>) for an unknown name, and for a model version that is not a
    /// registered uplift model this version can feed.
    /// </summary>
    public static async Task<OffPolicyStrategy> ResolveAsync(IDocumentStore store, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var name = text?.Trim() ?? "";
        if (name is NoAction or Logged or Greedy)
            return new OffPolicyStrategy(name, null);
        if (!name.StartsWith(ModelPrefix, StringComparison.Ordinal))
            throw new OffPolicyInputException("strategy", $"strategy: '{name}' is not a strategy; use {NoAction}, {Logged}, {Greedy} or {ModelPrefix}<uplift model version>.");
        var version = name[ModelPrefix.Length..];
        await using var session = store.QuerySession();
        var artifact = await session.LoadAsync<ModelArtifact>(version, cancellationToken);
        if (artifact is null || !artifact.Kind.StartsWith(UpliftModelCard.KindPrefix, StringComparison.Ordinal))
            throw new OffPolicyInputException("strategy", artifact is null
                ? $"strategy: no model '{version}' in the registry; GET /api/models lists the uplift versions (kind uplift/<action>)."
                : $"strategy: '{version}' is a {artifact.Kind} model, not an uplift model.");
        UpliftModel model;
        try
        {
            model = UpliftModel.Load(artifact.Bytes);
        }
        catch (InvalidDataException e)
        {
            throw new OffPolicyInputException("strategy", $"strategy: uplift model '{version}' cannot be read ({e.Message}).");
        }
        if (ServableFeatures.WhyNotByName(model.FeatureNames) is { } why)
            throw new OffPolicyInputException("strategy", $"strategy: uplift model '{version}' cannot re-score the log: {why}.");
        return new OffPolicyStrategy(ModelPrefix + version, model);
    }

    /// <summary>What this strategy does for <paramref name="d"/> (null = no action), and whether a model re-scored it.</summary>
    public (string? Action, bool Rescored) Choose(LoggedAccountDecision d, ArbitrationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(d);
        switch (Name)
        {
            case NoAction:
                return (null, false);
            case Logged:
                return (d.LoggedAction, false);
            case Greedy:
                return (Arbitrator.Greedy([.. d.Candidates.Select(c => c.ToEstimate())], settings)?.Candidate.ActionType, false);
        }
        var rescored = false;
        var estimates = new List<CandidateEstimate>(d.Candidates.Count);
        foreach (var c in d.Candidates)
        {
            // Snapshots recorded before a feature the model takes was built keep their recorded value.
            if (c.ActionType == _model!.ActionType && d.Features is { } features && _model.FeatureNames.All(features.Values.ContainsKey))
            {
                var estimate = _model.Predict(FeatureBuilder.ToVector(features, _model.FeatureNames));
                estimates.Add(c.ToEstimate(estimate.Uplift, estimate.StdError));
                rescored = true;
            }
            else
                estimates.Add(c.ToEstimate());
        }
        return (Arbitrator.Greedy(estimates, settings)?.Candidate.ActionType, rescored);
    }
}
