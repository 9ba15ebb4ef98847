using Npgsql;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Execution;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Nudges;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace ActionPlane.Engine.Storage;

/// <summary>The Marten configuration of ActionPlane: documents, the proposal event streams and their inline projections.</summary>
public static class ActionPlaneStore
{
    /// <summary>A standalone store (tests, CLI); the Web gets the same configuration through <c>AddActionPlaneEngine</c>.</summary>
    public static DocumentStore CreateStore(ActionPlaneEngineOptions options)
    {
        options.Validate();
        return DocumentStore.For(o => Configure(o, options));
    }

    /// <summary>The index on <c>mt_events</c> of <see cref="ActionProposed.ModelVersion"/>, partial on that event type.</summary>
    public const string ProposalModelVersionIndex = "mt_events_action_proposed_model_version";

    /// <summary>The index on <c>mt_events</c> of <see cref="OutcomeObserved.ProposalId"/> (as uuid), partial on that event type.</summary>
    public const string OutcomeProposalIdIndex = "mt_events_outcome_observed_proposal_id";

    /// <summary>The index on <c>mt_events</c> of the stream id of <see cref="OutcomeObserved"/> events, partial on that event type.</summary>
    public const string OutcomeStreamIndex = "mt_events_outcome_observed_stream_id";

    /// <summary>
    /// SQL for a document's <c>ProposedAt</c> as its computed index has it (Marten's immutable cast): a raw SQL window on
    /// <c>ProposedAt</c> written with this reads through the index; a plain <c>::timestamptz</c> cast scans and detoasts
    /// every document the tenant ever had.
    /// </summary>
    public static string ProposedAtSql(Weasel.Core.DbObjectName table, string alias) =>
        $"{table.Schema}.mt_immutable_timestamptz({alias}.data ->> 'ProposedAt')";

    /// <summary>The partial index of the decision records that were applied, by account (<see cref="Proposals.ProposalContext"/>).</summary>
    public const string AppliedByAccountIndex = "mt_doc_decisionrecord_idx_applied_account_id";

    /// <summary>The partial index of the decision records someone tried to apply, by ProposedAt (the gate's autonomy evidence).</summary>
    public const string AttemptedByProposedAtIndex = "mt_doc_decisionrecord_idx_attempted_proposed_at";

    /// <summary>
    /// The records an apply was tried on: applied, or failed at least once. The autonomy rule's counts (applied, undone,
    /// apply failures) come from these alone, a week's budget of them against every candidate ever proposed; the
    /// same text is the index predicate and the query's filter, so the planner can prove the one from the other.
    /// </summary>
    public const string AttemptedPredicate = "(data ->> 'AppliedAt') IS NOT NULL OR ((data ->> 'ApplyFailures')::integer) > 0";

    /// <summary>
    /// The indexes on event data the drift analysis relies on (<see cref="Models.Drift.DriftAnalyzer"/>; docs/benchmarks.md
    /// "Weekly AUC monitoring", sessions 11 and 12). Without them its two queries scan every event, and the log keeps
    /// every past model version's proposals and outcomes. Partial, so only those two event types' appends pay for them;
    /// "action_proposed" and "outcome_observed" are Marten's aliases of the types (the index tests check the drift
    /// queries can use them).
    /// <list type="bullet">
    /// <item>The proposals of one model version (<c>ProposedScores</c>): without the index, each proposal's ~11 KB JSON is
    /// detoasted to compare its version.</item>
    /// <item>The outcomes of those proposals (<c>OutcomesOf</c>, by proposal id): the planner probes the proposal-id index
    /// for the outcomes of a version that is a small share of the log, and reads only the outcome rows through the
    /// stream-id one (which the query does not filter on) when it wants most of them.</item>
    /// </list>
    /// </summary>
    public static IReadOnlyList<EventFieldIndex> EventIndexes(string schemaName) =>
    [
        EventFieldIndex.OnField(schemaName, ProposalModelVersionIndex, "action_proposed", nameof(ActionProposed.ModelVersion)),
        EventFieldIndex.OnField(schemaName, OutcomeProposalIdIndex, "outcome_observed", nameof(OutcomeObserved.ProposalId), "uuid"),
        EventFieldIndex.OnStreamId(schemaName, OutcomeStreamIndex, "outcome_observed"),
    ];

    /// <summary>
    /// The connection string with Npgsql's automatic preparation on, unless the operator set it (e.g. to 0 behind a
    /// pooler in transaction mode). Marten sends the same few statements over and over (upserts, event inserts, the
    /// propose's batched read), and PostgreSQL spent about a fifth of a propose's time parsing and planning them again:
    /// prepared, its CPU per propose fell by 40 % (docs/benchmarks.md "Proposals", session 14).
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var set = given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
        return set ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    public static void Configure(StoreOptions store, ActionPlaneEngineOptions options)
    {
        store.Connection(WithAutoPrepare(options.ConnectionString));
        store.DatabaseSchemaName = options.SchemaName;
        store.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        store.UseSystemTextJsonForSerialization(EnumStorage.AsString);

        // An index a release adds to a table that already has rows is built without blocking writes: a plain CREATE INDEX
        // holds the table's write lock for the whole build, so an upgrade on a tenant with a long log would stop every
        // propose and apply until it finished. New tables keep plain indexes (nothing to scan).
        store.Advanced.Migrator.BuildIndexesConcurrentlyOnAlter = true;

        store.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Rich appends assign versions before inline projections run, so ActionApplied knows its version and
        // the decision record's trail numbers every event. Quick mode saves the nextval round trip of each
        // save (a propose's three commands become two) but gives an event appended without
        // FetchForWriting (the outcome observer's) version 0 in the projections: see docs/benchmarks.md
        // "Proposals" and DecisionTrailVersionTests.
        store.Events.AppendMode = EventAppendMode.Rich;
        store.Events.AddEventTypes([
            typeof(ActionProposed), typeof(PolicyEvaluated), typeof(ActionSimulated), typeof(ApprovalRequested),
            typeof(ActionApproved), typeof(ActionRejected), typeof(ActionApplied), typeof(ActionApplyFailed),
            typeof(ActionRolledBack), typeof(NudgeShown), typeof(NudgeDismissed), typeof(OutcomeObserved),
            typeof(ProposalEdited), typeof(NudgeFeedbackWithdrawn), typeof(NoActionDecided),
        ]);
        var eventIndexes = EventIndexes(options.SchemaName);
        foreach (var index in eventIndexes)
            store.Events.IgnoreIndex(index.Name);
        store.Storage.Add(new EventFieldIndexes(store.Advanced.Migrator, eventIndexes));

        store.Projections.Add(new ActionLifecycleProjection(), ProjectionLifecycle.Inline);
        store.Projections.Add(new DecisionRecordProjection(), ProjectionLifecycle.Inline);
        store.Projections.Add(new ActionPlane.Engine.Training.TrainingExampleProjection(), ProjectionLifecycle.Inline);

        // The decision log is read newest first, filtered by account, action type or status: each filter
        // leads a composite index with ProposedAt, so a filtered page or export walks one index in order
        // (first row at once) instead of sorting every match. ProposedAt alone serves the unfiltered log.
        store.Schema.For<DecisionRecord>()
            .Index(x => x.ProposedAt)
            .Index([x => x.AccountId, x => x.ProposedAt], i => i.Name = "mt_doc_decisionrecord_idx_account_id_proposed_at")
            .Index([x => x.ActionType, x => x.ProposedAt], i => i.Name = "mt_doc_decisionrecord_idx_action_type_proposed_at")
            .Index([x => x.Status, x => x.ProposedAt], i => i.Name = "mt_doc_decisionrecord_idx_status_proposed_at")
            // Every propose reads the account's applied actions (caps, cooldowns): partial, so it reads those few
            // records, not every decision the account ever had (one per candidate a week). Marten's query says
            // "AppliedAt is not null" on the raw text, the predicate below, so the planner can prove it.
            .Index(x => x.AccountId, i =>
            {
                i.Name = AppliedByAccountIndex;
                i.Predicate = "(data ->> 'AppliedAt') IS NOT NULL";
            })
            // The gate's metrics cache re-reads its window every few seconds while proposes run; through this index it
            // reads the few records an apply was tried on, not (and without detoasting) every candidate of the window.
            .Index(x => x.ProposedAt, i =>
            {
                i.Name = AttemptedByProposedAtIndex;
                i.Predicate = AttemptedPredicate;
            });
        // Open proposals are the week's few; the log keeps every proposal ever made. The weekly run and every propose
        // ask for the open ones (of an account; tenant-wide past the TTL, to expire them) and for this week's decisions:
        // each has an index, so none reads (and detoasts) the whole log or the account's whole history. The account
        // index leads with the account, so it also serves every "this account's proposals" read.
        store.Schema.For<ActionLifecycle>()
            .Index([x => x.AccountId, x => x.Status], i => i.Name = "mt_doc_actionlifecycle_idx_account_id_status")
            .Index([x => x.Status, x => x.ProposedAt], i => i.Name = "mt_doc_actionlifecycle_idx_status_proposed_at")
            .Index(x => x.ProposedAt);
        store.Schema.For<NudgeInboxItem>().Index(x => x.UserId);
        store.Schema.For<NudgeSuppression>().Index(x => x.AccountId);
        store.Schema.For<EndUser>().Index(x => x.AccountId);
        store.RegisterDocumentType<Account>();
        store.RegisterDocumentType<AccountScore>();
        store.RegisterDocumentType<NudgeSuppression>();
        store.RegisterDocumentType<PinnedShortcut>();
        store.RegisterDocumentType<TrialUnlock>();
        store.RegisterDocumentType<CsmTask>();
        store.RegisterDocumentType<DiscountOffer>();
        store.RegisterDocumentType<PolicyBundleRevision>();
        store.RegisterDocumentType<ActionPlane.Engine.Outcomes.OutcomeTruth>();
        store.RegisterDocumentType<ActionPlane.Engine.Training.StoredFeatureSnapshot>();
        store.RegisterDocumentType<ActionPlane.Engine.Proposals.DecisionRun>();
    }
}
