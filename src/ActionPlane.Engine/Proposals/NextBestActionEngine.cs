using System.Text.Json.Nodes;
using ActionPlane.Engine.Actions;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using Marten;

namespace ActionPlane.Engine.Proposals;

/// <summary>
/// Proposes next best actions for an account: one schema-valid candidate per catalog action, scored
/// by <see cref="BaselineValueHeuristic"/>, explained, gated at <c>propose</c>, and stored as a
/// stream (<see cref="ActionProposed"/> + <see cref="PolicyEvaluated"/>). Denied candidates are
/// stored and returned too, with the gate's reasons.
/// </summary>
public sealed partial class NextBestActionEngine(IDocumentStore store, ActionCatalog catalog, PolicyGate gate, TimeProvider timeProvider)
{
    private const int MaxDrivers = 3;

    /// <summary>
    /// Ranks candidates for <paramref name="accountId"/>; user-facing actions target the user
    /// <see cref="CandidatePayloads.PickTargetUser"/> chooses. An open, allowed proposal of the same
    /// action for the same target is returned as it is instead of being proposed twice.
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
        ArgumentNullException.ThrowIfNull(actor);
        await using var session = store.LightweightSession();
        var account = await LoadAccountAsync(session, accountId, cancellationToken);
        var score = await session.LoadAsync<AccountScore>(account.Id, cancellationToken);
        var users = await session.Query<EndUser>().Where(u => u.AccountId == account.Id).ToListAsync(cancellationToken);
        var weekAgo = timeProvider.GetUtcNow().AddDays(-7);
        var recent = await session.Query<DecisionRecord>()
            .Where(r => r.AccountId == account.Id && r.UserId != null && r.AppliedAt != null && r.AppliedAt >= weekAgo)
            .ToListAsync(cancellationToken);
        var nudgesPerUser = recent.GroupBy(r => r.UserId!).ToDictionary(g => g.Key, g => g.Count());
        var target = CandidatePayloads.PickTargetUser(users, nudgesPerUser);
        var admin = CandidatePayloads.PickAdmin(users);
        if (targetUserId is not null)
        {
            target = admin = users.FirstOrDefault(u => u.Id == targetUserId)
                ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"userId: user '{targetUserId}' is not a user of account '{account.Id}'.");
        }
        var open = await session.Query<ActionLifecycle>()
            .Where(p => p.AccountId == account.Id && (p.Status == ActionStatus.Allowed || p.Status == ActionStatus.AwaitingApproval || p.Status == ActionStatus.Approved))
            .ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();

        var views = new List<(ProposalView View, bool Allowed, decimal Value)>();
        var rejected = new List<RejectedCandidate>();
        foreach (var definition in catalog.All)
        {
            var user = definition.Type.Value == "suggest_upgrade_within_policy" ? admin : target;
            var payload = CandidatePayloads.Build(definition, account, user, score, now);
            if (payload is null)
                continue;
            var errors = catalog.Validate(definition.Type.Value, payload);
            if (errors.Count > 0)
            {
                rejected.Add(new RejectedCandidate(definition.Type.Value, payload, errors));
                continue;
            }
            var userId = definition.Audience == "user" ? user?.Id : null;
            var existing = open.FirstOrDefault(p => p.ActionType == definition.Type.Value && p.UserId == userId);
            if (existing is not null)
            {
                views.Add((ProposalView.From(existing, definition, 0), true, existing.Scores.ExpectedValue));
                continue;
            }
            var (view, _) = await StageAsync(session, account, score, userId, definition, payload, actor, now, cancellationToken);
            views.Add((view, view.Allowed, view.Scores.ExpectedValue));
        }

        await session.SaveChangesAsync(cancellationToken);
        var ranked = views
            .OrderByDescending(v => v.Allowed)
            .ThenByDescending(v => v.Value)
            .Select((v, i) => v.View with { Rank = i + 1 })
            .ToArray();
        return new ProposalBatch(account.Id, ranked, rejected);
    }

    /// <summary>
    /// Proposes one action a person chose (e.g. a CSM's own discount). The payload must match the
    /// action's schema; otherwise nothing is stored and the errors name the fields.
    /// </summary>
    public async Task<ProposalView> ProposeActionAsync(string accountId, string actionType, JsonNode? payload, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = catalog.Validate(actionType, payload);
        if (errors.Count > 0)
            throw new LifecycleException(LifecycleErrorKind.Invalid,
                $"The {actionType} payload does not match its schema: {string.Join(" ", errors.Select(e => e.Message))}",
                errors.Select(e => $"{e.Path}: {e.Message}").ToArray());
        var definition = catalog.Get(new ActionTypeId(actionType));
        var body = payload!.AsObject();

        await using var session = store.LightweightSession();
        var account = await LoadAccountAsync(session, accountId, cancellationToken);
        if (body["account_id"] is JsonValue a && a.GetValue<string>() != account.Id)
            throw new LifecycleException(LifecycleErrorKind.Invalid, $"account_id: the payload names '{a.GetValue<string>()}' but the proposal is for '{account.Id}'.");
        var userId = body["user_id"]?.GetValue<string>();
        var score = await session.LoadAsync<AccountScore>(account.Id, cancellationToken);

        var (view, _) = await StageAsync(session, account, score, userId, definition, (JsonObject)body.DeepClone(), actor, timeProvider.GetUtcNow(), cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return view with { Rank = 1 };
    }

    private async Task<(ProposalView View, ActionLifecycle Proposal)> StageAsync(
        IDocumentSession session, Account account, AccountScore? score, string? userId, ActionDefinition definition,
        JsonObject payload, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var proposalId = Guid.CreateVersion7(now);
        var metadata = GateSubject.EffectiveMetadata(definition, payload);
        var scores = BaselineValueHeuristic.Score(definition, payload, account, score?.ChurnProbability ?? 0);
        var proposed = new ActionProposed(proposalId, account.Id, userId, definition.Type.Value, payload, metadata, scores,
            Explain(definition, metadata, score, scores), score?.ModelVersion ?? "none", score?.Features.Hash() ?? "", actor.Id, now);

        var subject = new GateSubject(proposalId, account.Id, userId, definition.Type.Value, payload, metadata);
        var gated = await gate.EvaluateAsync(session, subject, "propose", actor, [], cancellationToken);
        var evaluated = gated.ToEvent(proposalId);
        session.Events.StartStream<ActionLifecycle>(proposalId, proposed, evaluated);

        var proposal = ActionLifecycle.Next(evaluated, ActionLifecycle.Start(proposed));
        return (ProposalView.From(proposal, definition, 0), proposal);
    }

    private static async Task<Account> LoadAccountAsync(IQuerySession session, string accountId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(accountId))
            throw new LifecycleException(LifecycleErrorKind.Invalid, "accountId: required.");
        return await session.LoadAsync<Account>(accountId, cancellationToken)
            ?? throw new LifecycleException(LifecycleErrorKind.NotFound, $"Account '{accountId}' does not exist.");
    }
}
