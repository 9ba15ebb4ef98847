using ActionPlane.Engine.Models;

namespace ActionPlane.Engine.Decisioning;

/// <summary>
/// The data of explain-why for one proposal: what the models saw, what the action is expected to be
/// worth and how sure that is, how it was chosen (arm, propensity, holdout), the budget and caps at
/// the time, what the policy said, and which model and policy versions decided. The caller fills the
/// policy and cap parts after gating (<see cref="WithPolicy"/>); renderers read it, nothing recomputes it.
/// </summary>
public sealed record DecisionTrace
{
    public required string AccountId { get; init; }
    public required string ActionType { get; init; }
    /// <summary>Top churn-model drivers of the account, largest contribution first.</summary>
    public IReadOnlyList<FeatureContribution> TopDrivers { get; init; } = [];
    /// <summary>Signals that triggered the candidate, in plain words (e.g. "usage fell 40 % in 7 days").</summary>
    public IReadOnlyList<string> TriggeringSignals { get; init; } = [];
    public required ValueBreakdown Value { get; init; }
    public required int RankWithinAccount { get; init; }
    public required Arm Arm { get; init; }
    public required double Propensity { get; init; }
    public required bool Holdout { get; init; }
    public required bool SuggestOnly { get; init; }
    public required BudgetState Budget { get; init; }
    /// <summary>Cap counters the policy saw, e.g. nudges_user_7d → 2.</summary>
    public IReadOnlyDictionary<string, int> CapState { get; init; } = new Dictionary<string, int>();
    /// <summary>Policy rules that passed (by rule name), filled by the caller after gating.</summary>
    public IReadOnlyList<string> PolicyRulesPassed { get; init; } = [];
    /// <summary>Policy rules that denied, as "rule: message".</summary>
    public IReadOnlyList<string> PolicyRulesFailed { get; init; } = [];
    /// <summary>Chosen by arbitration for this account (false: an alternative, see <see cref="DroppedBecause"/>).</summary>
    public bool Chosen { get; init; }
    /// <summary>Why arbitration did not choose it (<see cref="ArbitratedCandidate.DroppedBecause"/>, or <c>policy</c> when the gate denied it).</summary>
    public string? DroppedBecause { get; init; }
    /// <summary><c>engine</c> (arbitration chose or ranked it; <see cref="Arm"/> and <see cref="Propensity"/> apply) or <c>person</c> (a CSM proposed this exact action; no arm).</summary>
    public string DecidedBy { get; init; } = "engine";
    /// <summary>Where the uplift came from: <c>uplift_model</c>, or <c>baseline_heuristic</c> when the account has no uplift estimate for the action.</summary>
    public string ValueBasis { get; init; } = "uplift_model";
    public string ChurnModelVersion { get; init; } = "";
    public string UpliftModelVersion { get; init; } = "";
    public string RankModelVersion { get; init; } = "";
    public string PolicyRevision { get; init; } = "";

    /// <summary>The trace of one arbitrated candidate, before gating.</summary>
    public static DecisionTrace Of(ArbitrationResult decision, ArbitratedCandidate candidate, BudgetState budget,
        IReadOnlyList<FeatureContribution>? drivers = null, IReadOnlyList<string>? signals = null,
        string churnModelVersion = "", string upliftModelVersion = "")
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(budget);
        return new DecisionTrace
        {
            AccountId = decision.AccountId,
            ActionType = candidate.ActionType,
            TopDrivers = drivers ?? [],
            TriggeringSignals = signals ?? [],
            Value = candidate.Value,
            RankWithinAccount = candidate.Rank,
            Arm = decision.Arm,
            Propensity = candidate.Chosen ? decision.Propensity : 0,
            Holdout = decision.Holdout,
            SuggestOnly = candidate.SuggestOnly,
            Chosen = candidate.Chosen,
            DroppedBecause = candidate.DroppedBecause,
            Budget = budget,
            ChurnModelVersion = churnModelVersion,
            UpliftModelVersion = upliftModelVersion,
        };
    }

    /// <summary>The trace with the gate's verdict and the cap counters it was made on.</summary>
    public DecisionTrace WithPolicy(string revision, IReadOnlyList<string> passed, IReadOnlyList<string> failed, IReadOnlyDictionary<string, int> caps) =>
        this with { PolicyRevision = revision, PolicyRulesPassed = passed, PolicyRulesFailed = failed, CapState = caps };
}
