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

    public static void Configure(StoreOptions store, ActionPlaneEngineOptions options)
    {
        store.Connection(options.ConnectionString);
        store.DatabaseSchemaName = options.SchemaName;
        store.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        store.UseSystemTextJsonForSerialization(EnumStorage.AsString);

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
        // The drift analysis reads the proposals of one model version (DriftAnalyzer.ProposedScores); without this
        // index that is a scan of every event, detoasting each proposal's JSON to compare its version, and the log
        // keeps every past version's proposals. Partial, so only ActionProposed appends pay for it. See
        // docs/benchmarks.md "Weekly AUC monitoring", session 11.
        // "action_proposed" is Marten's alias of the type (ProposalModelVersionIndexTests checks the drift query can use the index).
        var modelVersion = new EventFieldIndex(options.SchemaName, ProposalModelVersionIndex, "action_proposed", nameof(ActionProposed.ModelVersion));
        store.Events.IgnoreIndex(modelVersion.Name);
        store.Storage.Add(new EventFieldIndexes(store.Advanced.Migrator, [modelVersion]));

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
            .Index([x => x.Status, x => x.ProposedAt], i => i.Name = "mt_doc_decisionrecord_idx_status_proposed_at");
        // The proposal engine reads an account's open proposals on every propose: without this index
        // that is a scan of every proposal ever made, growing with the tenant's history.
        store.Schema.For<ActionLifecycle>().Index(x => x.AccountId);
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
