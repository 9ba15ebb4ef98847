namespace ActionPlane.Web.Auth;

/// <summary>
/// The operations <c>data.actionplane.authz</c> decides (policies/actionplane/authz/authz.rego lists
/// who may do each). An endpoint or page names one with <c>.RequireOperation(Operations.X)</c>, or
/// gets one from <see cref="OperationMap"/>.
/// </summary>
public static class Operations
{
    /// <summary>Any signed-in person: their own profile, the home page.</summary>
    public const string ReadProfile = "read_profile";
    /// <summary>The CSM console: accounts, portfolio, account 360.</summary>
    public const string ReadAccounts = "read_accounts";
    public const string Propose = "propose";
    public const string EditProposal = "edit_proposal";
    public const string Simulate = "simulate";
    public const string RequestApproval = "request_approval";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Apply = "apply";
    public const string Undo = "undo";
    /// <summary>One proposal's record and trail.</summary>
    public const string Read = "read";
    /// <summary>The approvals inbox.</summary>
    public const string ReadApprovals = "read_approvals";
    /// <summary>The decision log, policy browser, model registry, drift and parity.</summary>
    public const string ReadAudit = "read_audit";
    public const string Export = "export";
    public const string Replay = "replay";
    /// <summary>A user's nudges: staff read anyone's, an end user only their own.</summary>
    public const string ReadNudges = "read_nudges";
    /// <summary>The end user's own nudge panel and preference center (pages).</summary>
    public const string SelfService = "self_service";
    public const string Dismiss = "dismiss";
    public const string ReadPreferences = "read_preferences";
    public const string EditPreferences = "edit_preferences";
    /// <summary>Ingesting observed outcomes (service accounts, admin).</summary>
    public const string RecordOutcome = "record_outcome";
    /// <summary>Training and promoting models.</summary>
    public const string TrainModel = "train_model";
    /// <summary>Running the autopilot now (it applies what the policy granted "unattended").</summary>
    public const string RunAutopilot = "run_autopilot";
    /// <summary>The weekly decision run: start it now, follow its progress and summary.</summary>
    public const string RunDecisions = "run_decisions";
    /// <summary>Service-account API tokens: create, list, revoke.</summary>
    public const string ManageTokens = "manage_tokens";
}
