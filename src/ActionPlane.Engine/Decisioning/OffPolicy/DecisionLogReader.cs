using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// Reads the product's own decision log as off-policy evaluation needs it: one row per labelled
/// account-decision of the engine, decided in [from, to).
/// <para>
/// What "action taken" and "propensity" mean here. One propose call logs every candidate of the
/// account at one moment (the same account and decision time, as <see cref="ChurnRetrainer"/> groups
/// them) and, when the draw was to do nothing, a <see cref="NoActionDecided"/> row. Exactly one of
/// them carries the engine's choice with a positive propensity: the ε-greedy probability of that first
/// draw (<see cref="Arbitrator"/>), exact because the engine logged it. The action taken is that
/// choice — the recommendation — whether or not the CSM then applied it; the reward is the chosen
/// row's retention label. So the estimates answer "what would retention have been had the engine
/// recommended as strategy X does, with CSMs applying its recommendations as they did", an
/// intent-to-treat reading; the same reading lets <see cref="UpliftRetrainer"/> take the logged
/// propensity of a chosen row as its propensity. What a person applied on their own (an alternative,
/// or a CSM's own proposal) has no propensity: a CSM's own proposals are counted and left out, and an
/// alternative applied anyway is part of how people acted, under every strategy alike.
/// </para>
/// <para>
/// Assumptions: CSMs act on a recommendation the same way whichever strategy made it; a holdout account
/// is acted on by no strategy (its decisions are counted and left out); and the candidates a strategy
/// may pick are the ones the gate allowed and the engine logged at that moment (an open proposal
/// re-used from an earlier run is not logged again, so it is missing from the set).
/// </para>
/// </summary>
public static class DecisionLogReader
{
    /// <param name="withFeatures">Load each decision's feature snapshot (needed to re-score with a model).</param>
    public static async Task<DecisionLog> ReadAsync(IDocumentStore store, DateTimeOffset? from, DateTimeOffset? to, bool withFeatures, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var session = store.QuerySession();
        var query = session.Query<TrainingExample>().Where(r => r.Labelled && r.Retained != null);
        if (from is { } f)
            query = query.Where(r => r.DecidedAt >= f);
        if (to is { } t)
            query = query.Where(r => r.DecidedAt < t);
        var rows = await query.OrderBy(r => r.DecidedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);

        int holdout = 0, person = 0, without = 0, several = 0;
        var usable = new List<(TrainingExample Chosen, List<TrainingExample> Rows)>();
        var holdoutRows = new List<(int Outcome, List<TrainingExample> Rows)>();
        var outcomes = new List<DecisionOutcome>();
        var groups = rows.GroupBy(ChurnRetrainer.DecisionKey.Of).ToList();
        foreach (var decision in groups)
        {
            if (decision.Any(r => r.Arm == TrainingExample.HoldoutArm))
            {
                holdout++;
                holdoutRows.Add((outcomes.Count, [.. decision]));
                outcomes.Add(new DecisionOutcome(decision.Key.AccountId, Holdout: true, decision.First().Retained!.Value));
                continue;
            }
            // A CSM's own proposal at the same moment is not part of the engine's decision.
            var engine = decision.Where(r => r.Arm != TrainingExample.PersonArm).ToList();
            if (engine.Count == 0)
            {
                person++;
                continue;
            }
            outcomes.Add(new DecisionOutcome(decision.Key.AccountId, Holdout: false, engine[0].Retained!.Value));
            var chosen = engine.Where(IsLoggedChoice).ToList();
            if (chosen.Count == 0)
                without++;
            else if (chosen.Count > 1)
                several++;
            else
                usable.Add((chosen[0], engine));
        }

        // The holdout's rows too: the baseline check (BaselineCalibration) reads the churn probability they were logged with.
        var heldOut = holdoutRows.SelectMany(h => h.Rows).ToList();
        var candidateIds = usable.SelectMany(u => u.Rows).Concat(heldOut).Where(r => r.ActionType != TrainingExample.NoActionType).Select(r => r.Id).ToArray();
        var proposals = candidateIds.Length == 0 ? new Dictionary<Guid, ActionLifecycle>()
            : (await session.LoadManyAsync<ActionLifecycle>(cancellationToken, candidateIds)).ToDictionary(p => p.Id);
        var noActionIds = usable.Select(u => u.Chosen).Concat(heldOut).Where(r => r.ActionType == TrainingExample.NoActionType).Select(r => r.Id).ToArray();
        var noActions = noActionIds.Length == 0 ? new Dictionary<Guid, NoActionDecided>()
            : (await session.Events.QueryRawEventDataOnly<NoActionDecided>().Where(e => noActionIds.Contains(e.DecisionId)).ToListAsync(cancellationToken))
                .ToDictionary(e => e.DecisionId);
        // The churn probability of a decision: every row of one propose was logged with the same one.
        double? ChurnAt(IEnumerable<TrainingExample> decisionRows) => decisionRows
            .Select(r => noActions.TryGetValue(r.Id, out var none) ? none.ChurnProbability : proposals.TryGetValue(r.Id, out var p) ? p.Scores.ChurnProbability : (double?)null)
            .FirstOrDefault(c => c is not null);
        foreach (var (index, decisionRows) in holdoutRows)
            outcomes[index] = outcomes[index] with
            {
                ChurnProbability = ChurnAt(decisionRows), HorizonShare = RetentionRewardModel.HorizonShare(decisionRows[0].DecidedAt, decisionRows[0].OutcomeAt),
            };
        var chosenRows = usable.Select(u => u.Chosen).ToList();
        var withSnapshots = withFeatures ? await TrainingExampleQueries.WithFeaturesAsync(session, chosenRows, cancellationToken) : chosenRows;

        var decisions = new List<LoggedAccountDecision>(usable.Count);
        for (var i = 0; i < usable.Count; i++)
        {
            var (chosen, engineRows) = usable[i];
            var logged = engineRows.Select(r => proposals.GetValueOrDefault(r.Id)).OfType<ActionLifecycle>().ToList();
            var churn = ChurnAt([chosen, .. engineRows]) ?? 0;
            decisions.Add(new LoggedAccountDecision(chosen.Id, chosen.AccountId, chosen.DecidedAt, Enum.Parse<Arm>(chosen.Arm, ignoreCase: true),
                chosen.ActionType == TrainingExample.NoActionType ? null : chosen.ActionType, chosen.Propensity!.Value, chosen.Retained!.Value, chosen.Treated,
                churn, [.. logged.Select(Allowed).OfType<RecordedCandidate>().OrderBy(c => c.Rank)], withSnapshots[i].Features)
            {
                HorizonShare = RetentionRewardModel.HorizonShare(chosen.DecidedAt, chosen.OutcomeAt),
            });
        }
        var counts = new DecisionLogCounts(rows.Count, groups.Count, decisions.Count, decisions.Count(d => d.Arm == Arm.Explore),
            decisions.Count(d => d.LoggedAction is null), holdout, person, without, several);
        return new DecisionLog(from, to, decisions, counts) { Outcomes = outcomes };
    }

    /// <summary>The engine's own draw for the decision, logged with its probability (see <see cref="UpliftRetrainer"/>'s reading).</summary>
    private static bool IsLoggedChoice(TrainingExample r) =>
        r.Chosen && r.Arm is "exploit" or "explore" && r.Propensity is > 0 and <= 1;

    /// <summary>A candidate the gate allowed at propose, with its recorded value; null for one it denied or one logged before traces.</summary>
    private static RecordedCandidate? Allowed(ActionLifecycle p)
    {
        if (p.Explanation.Trace is not { } trace || p.ProposeDeny.Count > 0 || trace.DroppedBecause == "policy")
            return null;
        var v = trace.Value;
        return new RecordedCandidate(p.ActionType, v.Uplift, v.StdError, v.AccountValue, v.Cost, trace.RankWithinAccount);
    }
}
