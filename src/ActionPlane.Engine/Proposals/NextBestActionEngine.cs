using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Telemetry;
using ActionPlane.Engine.Training;
using Marten;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Proposes next best actions for an account: one schema-valid candidate per catalog action, gated at
/// <c>propose</c>, valued on expected incremental value and chosen by the <see cref="Arbitrator"/>
/// (ε-greedy with logged propensities, per-account limit and diversity, holdouts, weekly budget),
/// explained with a <see cref="DecisionTrace"/>, and stored as a stream (<see cref="ActionProposed"/> +
/// <see cref="PolicyEvaluated"/>). The chosen actions come first; allowed alternatives and denied
/// candidates (with the gate's reasons) follow, so a CSM sees the whole picture.
/// </summary>
public sealed partial class NextBestActionEngine(
    IDocumentStore store, ActionCatalog catalog, PolicyGate gate, BundleLimits limits, TimeProvider timeProvider, ActionPlaneEngineOptions options)
{
    private const int MaxDrivers = 3;

    private readonly ProposalExpirer _expirer = new(store, options);

    private ArbitrationSettings Settings => options.Decisioning.Arbitration;

    private Random ExplorationRandom => options.Decisioning.ExplorationRandom ?? Random.Shared;

    /// <summary>
    /// Ranks candidates for <paramref name="accountId"/>; user-facing actions target the user
    /// <see cref="CandidatePayloads.PickTargetUser"/> chooses. An open, allowed proposal of the same
    /// action for the same target is returned as it is instead of being proposed twice. A holdout
    /// account gets no actionable proposal: the action the engine would have chosen is logged with arm
    /// holdout and never gated, so it cannot be applied.
    /// </summary>
    public Task<ProposalBatch> ProposeAsync(string accountId, Actor actor, CancellationToken cancellationToken = default) =>
        ProposeCoreAsync(accountId, actor, null, cancellationToken);

    /// <summary>
    /// Like <see cref="ProposeAsync"/>, with every user-facing action aimed at <paramref name="userId"/>
    /// (a CSM asking "what should we do for Dana?").
    /// </summary>
    public Task<ProposalBatch> ProposeForUserAsync(string accountId, string userId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(userId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "userId: required.");
        return ProposeCoreAsync(accountId, actor, userId, cancellationToken);
    }

    private async Task<ProposalBatch> ProposeCoreAsync(string accountId, Actor actor, string? targetUserId, CancellationToken cancellationToken)
    {
        using var activity = ActionPlaneTelemetry.Source.StartActivity("actionplane.propose")?.SetTag("actionplane.account_id", accountId);
        ArgumentNullException.ThrowIfNull(actor);
        await using var session = store.LightweightSession();
        var now = timeProvider.GetUtcNow();
        // One propose of this account at a time, until ours commits: a concurrent one (the weekly run and a CSM's
        // Suggest) then reads the proposals we wrote and hands them back instead of writing a second decision.
        await AccountApplyLock.AcquireProposeAsync(session, options.SchemaName, accountId, cancellationToken);
        ProposalContext context;
        using (ActionPlaneTelemetry.Source.StartActivity("actionplane.propose.load"))
            context = await ProposalContext.LoadAsync(session, accountId, targetUserId, now, options.Decisioning.WeeklyBudget, options.Decisioning.ProposalTtl, cancellationToken);
        if (context.HasLapsed)
        {
            // Proposals past the TTL lapse first (their own transaction, under the account's apply lock), so a Suggest a
            // week later decides afresh instead of handing back last week's proposals. Rare: the common case costs no round trip.
            await _expirer.ExpireAccountAsync(context.Account.Id, cancellationToken);
            context = await ProposalContext.LoadAsync(session, accountId, targetUserId, now, options.Decisioning.WeeklyBudget, options.Decisioning.ProposalTtl, cancellationToken);
        }
        var holdout = HoldoutAssignment.IsHoldout(context.Account.Id, Settings);

        var candidates = new List<Candidate>();
        var rejected = new List<RejectedCandidate>();
        var building = ActionPlaneTelemetry.Source.StartActivity("actionplane.propose.candidates");
        foreach (var definition in catalog.All)
        {
            var user = definition.Type.Value == "suggest_upgrade_within_policy" ? context.Admin : context.Target;
            var payload = CandidatePayloads.Build(definition, context.Account, user, context.Score, now);
            if (payload is null)
                continue;
            var errors = catalog.Validate(definition.Type.Value, payload);
            if (errors.Count > 0)
            {
                rejected.Add(new RejectedCandidate(definition.Type.Value, payload, errors));
                continue;
            }
            var userId = definition.Audience == "user" ? user?.Id : null;
            var existing = context.Open.FirstOrDefault(p => p.ActionType == definition.Type.Value && p.UserId == userId && IsHoldout(p) == holdout);
            var metadata = existing?.Metadata ?? GateSubject.EffectiveMetadata(definition, payload);
            candidates.Add(new Candidate(definition, payload, metadata, userId, Estimate(definition, payload, metadata, context), existing));
        }
        building?.Dispose();

        var views = holdout
            ? LogHoldout(session, context, candidates, actor, now)
            : await DecideAsync(session, context, candidates, actor, now, cancellationToken);
        StoreFeatures(session, context);
        // What this run wrote, for callers that count decisions (the weekly run) without reading them back.
        var started = session.PendingChanges.Streams().ToList();
        var noAction = started.Any(s => s.Events.Any(e => e.Data is NoActionDecided));
        using (ActionPlaneTelemetry.Source.StartActivity("actionplane.propose.save"))
            await session.SaveChangesAsync(cancellationToken);
        return new ProposalBatch(context.Account.Id, [.. views.Select((v, i) => v with { Rank = i + 1 })], rejected)
        {
            ProposalsWritten = started.Count - (noAction ? 1 : 0), NoActionLogged = noAction, Holdout = holdout,
        };
    }

    /// <summary>Gates every new candidate, arbitrates among the allowed ones, and stages each with its trace, chosen first.</summary>
    private async Task<IReadOnlyList<ProposalView>> DecideAsync(
        IDocumentSession session, ProposalContext context, List<Candidate> candidates, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gated = new Dictionary<string, (Guid Id, GateOutcome Outcome)>(StringComparer.Ordinal);
        var messageTypes = await limits.MessageTypesAsync(cancellationToken);
        foreach (var c in candidates.Where(c => c.Existing is null))
        {
            var id = Guid.CreateVersion7(now);
            // The type's measured record, as at apply, so the autonomy_level obligation states the earned level (cached: no query per request).
            var metrics = await gate.ActionTypeMetricsAsync(c.Type, now, cancellationToken);
            var input = context.GateInput(new GateSubject(id, context.Account.Id, c.UserId, c.Type, c.Payload, c.Metadata), actor, options.EnvironmentName, now,
                messageTypes, gate.Revision, metrics);
            gated[c.Type] = (id, await ActionPlaneTelemetry.TracePolicyAsync("propose", () => gate.EvaluateInputAsync(input, "propose", actor, cancellationToken)));
        }
        var allowed = candidates.Where(c => c.Existing is not null || gated[c.Type].Outcome.Allowed).Select(c => c.Estimate).ToList();
        var decision = Arbitrator.Arbitrate(context.Account.Id, allowed, Settings, context.Budget, ExplorationRandom);
        var arbitrated = decision.Candidates.ToDictionary(c => c.ActionType, StringComparer.Ordinal);
        if (decision.ChosenAction is null && !context.OpenNoAction)
            LogNoAction(session, context, decision, actor, now);

        using var staging = ActionPlaneTelemetry.Source.StartActivity("actionplane.propose.stage");
        var views = new List<(ProposalView View, int Group, int Rank, decimal Value)>();
        foreach (var c in candidates)
        {
            var definition = c.Definition;
            if (c.Existing is { } existing)
            {
                var a = arbitrated[c.Type];
                views.Add((WithCurrentBudget(ProposalView.From(existing, definition, 0), context.Budget), a.Chosen ? 0 : 1, a.Rank, a.ExpectedValue));
                continue;
            }
            var (id, outcome) = gated[c.Type];
            var candidate = arbitrated.TryGetValue(c.Type, out var chosen)
                ? chosen with { SuggestOnly = chosen.Chosen ? chosen.SuggestOnly : !context.Budget.CanAfford(c.Estimate.Cost) }
                : new ArbitratedCandidate(c.Estimate, ExpectedIncrementalValue.Compute(c.Estimate, Settings), 0, false, decision.Arm, 0, false, "policy");
            var trace = PolicyRules.Attach(Trace(decision, candidate, c, context), outcome);
            var proposed = Proposed(id, c, context, trace, actor, now);
            var evaluated = outcome.ToEvent(id);
            session.Events.StartStream<ActionLifecycle>(id, proposed, evaluated);
            var view = ProposalView.From(ActionLifecycle.Next(evaluated, ActionLifecycle.Start(proposed)), definition, 0);
            views.Add((view, !outcome.Allowed ? 2 : candidate.Chosen ? 0 : 1, candidate.Rank, candidate.ExpectedValue));
        }
        return [.. views.OrderBy(v => v.Group).ThenBy(v => v.Group == 2 ? 0 : v.Rank).ThenByDescending(v => v.Value).Select(v => v.View)];
    }

    /// <summary>
    /// A holdout account: the action the engine would have chosen is logged (arm holdout, propensity 1)
    /// and nothing else. It is not gated, so it stays <see cref="ActionStatus.Proposed"/> and cannot be
    /// applied; its outcomes are the control group's.
    /// </summary>
    private IReadOnlyList<ProposalView> LogHoldout(IDocumentSession session, ProposalContext context, List<Candidate> candidates, Actor actor, DateTimeOffset now)
    {
        var decision = Arbitrator.Arbitrate(context.Account.Id, [.. candidates.Select(c => c.Estimate)], Settings, context.Budget, ExplorationRandom);
        if (decision.Candidates.FirstOrDefault() is not { } top)
            return [];
        var c = candidates.First(c => c.Type == top.ActionType);
        if (c.Existing is { } existing)
            return [ProposalView.From(existing, c.Definition, 0)];
        var id = Guid.CreateVersion7(now);
        // Given the holdout, doing nothing is certain: the log carries the decision's propensity (1).
        var trace = Trace(decision, top, c, context) with { Propensity = decision.Propensity };
        var proposed = Proposed(id, c, context, trace, actor, now);
        session.Events.StartStream<ActionLifecycle>(id, proposed);
        return [ProposalView.From(ActionLifecycle.Start(proposed), c.Definition, 0)];
    }

    /// <summary>
    /// The decision was to do nothing (drawn by exploration, greedy when nothing was worth acting on, or
    /// nothing allowed): recorded on a decision stream of its own with its arm and propensity, so
    /// off-policy evaluation and training see it, and its outcome is observed like a proposal's.
    /// </summary>
    private static void LogNoAction(IDocumentSession session, ProposalContext context, ArbitrationResult decision, Actor actor, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var score = context.Score;
        session.Events.StartStream(id, new NoActionDecided(id, context.Account.Id, decision.Arm, decision.Propensity,
            [.. decision.Candidates.Select(c => c.ActionType)], decision.Candidates.Count > 0 ? decision.Candidates.Max(c => c.ExpectedValue) : 0,
            score?.ChurnProbability ?? 0, score?.ModelVersion ?? "none", score?.Features.Hash() ?? "", actor.Id, now));
    }

    /// <summary>
    /// The feature snapshot the decisions of this run were made on, stored once under its hash: the events
    /// (and so the training examples) carry only the hash instead of a copy per decision.
    /// </summary>
    private static void StoreFeatures(IDocumentSession session, ProposalContext context)
    {
        if (context.Score?.Features is { } features && session.PendingChanges.Streams().Any())
            session.Store(StoredFeatureSnapshot.Of(features));
    }

    /// <summary>
    /// Proposes one action a person chose (e.g. a CSM's own discount). The payload must match the
    /// action's schema; otherwise nothing is stored and the errors name the fields. It is valued and
    /// traced like the engine's own candidates, without an arm (the engine did not choose it).
    /// </summary>
    public async Task<ProposalView> ProposeActionAsync(string accountId, string actionType, JsonNode? payload, Actor actor, CancellationToken cancellationToken = default)
    {
        using var activity = ActionPlaneTelemetry.Source.StartActivity("actionplane.propose")?.SetTag("actionplane.account_id", accountId)
            .SetTag("actionplane.action_type", actionType);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = catalog.Validate(actionType, payload);
        if (errors.Count > 0)
            throw new LifecycleException(LifecycleErrorKind.Invalid,
                $"The {actionType} payload does not match its schema: {string.Join(" ", errors.Select(e => e.Message))}",
                errors.Select(e => e.Message).ToArray()); // each message starts with its path ("percent: …")
        var definition = catalog.Get(new ActionTypeId(actionType));
        var body = (JsonObject)payload!.AsObject().DeepClone();

        await using var session = store.LightweightSession();
        var now = timeProvider.GetUtcNow();
        var context = await ProposalContext.LoadAsync(session, accountId, null, now, options.Decisioning.WeeklyBudget, options.Decisioning.ProposalTtl, cancellationToken, loadHistory: false);
        if (body["account_id"] is JsonValue a && a.GetValue<string>() != context.Account.Id)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"account_id: the payload names '{a.GetValue<string>()}' but the proposal is for '{context.Account.Id}'.");
        var userId = body["user_id"]?.GetValue<string>();
        var metadata = GateSubject.EffectiveMetadata(definition, body);
        var c = new Candidate(definition, body, metadata, userId, Estimate(definition, body, metadata, context), null);

        var id = Guid.CreateVersion7(now);
        var outcome = await ActionPlaneTelemetry.TracePolicyAsync("propose",
            () => gate.EvaluateAsync(session, new GateSubject(id, context.Account.Id, userId, actionType, body, metadata), "propose", actor, [], cancellationToken));
        var value = ExpectedIncrementalValue.Compute(c.Estimate, Settings);
        // A person's choice: no arm, no propensity (the engine's policy did not make it).
        var single = new ArbitrationResult(context.Account.Id, [], Arm.Exploit, 0, Holdout: false);
        var candidate = new ArbitratedCandidate(c.Estimate, value, 1, true, Arm.Exploit, 0, !context.Budget.CanAfford(c.Estimate.Cost), null);
        var trace = PolicyRules.Attach(Trace(single, candidate, c, context) with { DecidedBy = "person" }, outcome);
        var proposed = Proposed(id, c, context, trace, actor, now) with { Arm = null, Propensity = null };
        var evaluated = outcome.ToEvent(id);
        session.Events.StartStream<ActionLifecycle>(id, proposed, evaluated);
        StoreFeatures(session, context);
        await session.SaveChangesAsync(cancellationToken);
        return ProposalView.From(ActionLifecycle.Next(evaluated, ActionLifecycle.Start(proposed)), definition, 1);
    }

    /// <summary>An open proposal from an earlier run, with this week's budget as it stands now (suggest-only when it no longer covers it).</summary>
    private static ProposalView WithCurrentBudget(ProposalView view, BudgetState budget) =>
        view.Trace is { } t
            ? view with { Explanation = view.Explanation with { Trace = t with { SuggestOnly = !budget.CanAfford(view.Scores.Cost), Budget = budget } } }
            : view;

    private static bool IsHoldout(ActionLifecycle p) => p.Explanation.Trace?.Holdout == true;

    /// <summary>
    /// The models' view of one candidate: the uplift model's estimate when the account has one for
    /// this action, otherwise <see cref="BaselineValueHeuristic"/> (recorded as the basis in the trace).
    /// </summary>
    private CandidateEstimate Estimate(ActionDefinition definition, JsonObject payload, JsonObject metadata, ProposalContext context)
    {
        var type = definition.Type.Value;
        var score = context.Score;
        var (uplift, stdError) = score?.Uplift.TryGetValue(type, out var u) == true
            ? (u.Uplift, u.StdError)
            : (BaselineValueHeuristic.AssumedUplift(type, score?.ChurnProbability ?? 0), 0);
        return new CandidateEstimate(type, uplift, stdError, ExpectedIncrementalValue.AccountValue(context.Account.Mrr, Settings),
            BaselineValueHeuristic.Cost(definition, payload, context.Account), score?.RankScores.GetValueOrDefault(type) ?? 0,
            metadata["category"]?.GetValue<string>() ?? definition.Category, metadata["channel"]?.GetValue<string>() ?? "");
    }

    private static string Basis(ProposalContext context, string actionType) =>
        context.Score?.Uplift.ContainsKey(actionType) == true ? ProposalScores.UpliftBasis : ProposalScores.BaselineBasis;

    private static DecisionTrace Trace(ArbitrationResult decision, ArbitratedCandidate candidate, Candidate c, ProposalContext context)
    {
        var score = context.Score;
        var drivers = score?.Drivers.OrderByDescending(d => Math.Abs(d.Contribution)).Take(MaxDrivers).ToArray() ?? [];
        var triggers = drivers.Where(d => d.Contribution > 0).Select(SignalDescriber.Describe).ToArray();
        return DecisionTrace.Of(decision, candidate, context.Budget, drivers, triggers, score?.ModelVersion ?? "none", score?.UpliftModelVersion ?? "")
            with { ValueBasis = Basis(context, c.Type), RankModelVersion = score?.RankModelVersion ?? "" };
    }

    private static ActionProposed Proposed(Guid id, Candidate c, ProposalContext context, DecisionTrace trace, Actor actor, DateTimeOffset now)
    {
        var score = context.Score;
        var v = trace.Value;
        var scores = new ProposalScores(score?.ChurnProbability ?? 0, BaselineValueHeuristic.AssumedEffectiveness(c.Type), v.AccountValue, v.Cost, v.Expected,
            v.Uplift, v.StdError, v.Penalty, trace.ValueBasis);
        return new ActionProposed(id, context.Account.Id, c.UserId, c.Type, c.Payload, c.Metadata, scores,
            Explain(c.Definition, c.Metadata, score, scores, trace), score?.ModelVersion ?? "none", score?.Features.Hash() ?? "", actor.Id, now,
            trace.Arm, trace.Propensity);
    }

    /// <summary>One schema-valid candidate of this run (or the open proposal that already covers it).</summary>
    private sealed record Candidate(ActionDefinition Definition, JsonObject Payload, JsonObject Metadata, string? UserId, CandidateEstimate Estimate, ActionLifecycle? Existing)
    {
        public string Type => Definition.Type.Value;
    }
}
