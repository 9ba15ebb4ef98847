using System.Globalization;

namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// The check on the reward model's baseline, which the DR figures lean on: on decisions the engine recommended nothing
/// for, the retention the model predicted without an action (<see cref="RetentionRewardModel"/> with no uplift: 1 − the
/// churn probability recorded at decision time, over the decision's outcome window) against the retention observed.
/// Two groups: the held-out decisions (a random sample of the accounts, so the clean check) and the engine's decisions
/// to do nothing (the rows DR corrects its no-action value with; the engine chose them, so a selected sample, and
/// later weeks' actions may be in effect).
/// <para>
/// Where a strategy's ESS is small (doing nothing's, typically) its DR value is mostly the model's baseline, so a gap
/// here moves that value, and every increment over doing nothing, by about as much. A gap on a holdout of few accounts
/// is also what those accounts happened to do: its interval says how far that goes.
/// </para>
/// </summary>
/// <param name="EnginePredicted">The model's baseline averaged over the usable decisions: what DR's value of doing nothing falls back to where it rests on few decisions.</param>
/// <param name="DrNoActionLessHoldout">
/// DR's value of doing nothing less the retention of the held-out decisions. The holdout is what doing nothing did on a
/// random sample of the accounts, so this is zero in expectation when the DR baseline is right; the holdout's decisions
/// are not among DR's, so the variances add. Null without both.
/// </param>
/// <param name="OffBecause">Says in words which group's gap excludes zero; null when none does (or none is big enough to tell).</param>
public sealed record BaselineCalibration(IReadOnlyList<BaselineCalibrationGroup> Groups, double? EnginePredicted, OffPolicyFigure? DrNoActionLessHoldout, string? OffBecause)
{
    public const string HoldoutGroup = "holdout";
    public const string NoActionGroup = "no_action";

    /// <summary>
    /// Below this many accounts a group's gap is shown but never flagged: the clustered standard error is unreliable with
    /// few clusters (with one it is zero whatever happened).
    /// </summary>
    public const int MinAccounts = 10;

    /// <param name="outcomes">The engine's labelled decisions; the holdout ones with a recorded churn probability are read.</param>
    /// <param name="decisions">The usable decisions; those whose logged choice was to do nothing are read.</param>
    /// <param name="drNoAction">DR's value of doing nothing on <paramref name="decisions"/>, if estimated.</param>
    /// <param name="holdoutRetention">The held-out decisions' retention (<see cref="HoldoutComparison.Holdout"/>), if any.</param>
    public static BaselineCalibration Of(IReadOnlyCollection<DecisionOutcome> outcomes, IReadOnlyCollection<LoggedAccountDecision> decisions,
        OffPolicyFigure? drNoAction, OffPolicyFigure? holdoutRetention)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(decisions);
        var holdout = outcomes.Where(o => o.Holdout && o.ChurnProbability is not null)
            .Select(o => (o.AccountId, Baseline(o.ChurnProbability!.Value, o.HorizonShare), o.Retained)).ToList();
        var noAction = decisions.Where(d => d.LoggedAction is null).Select(d => (d.AccountId, Baseline(d.ChurnProbability, d.HorizonShare), d.Retained)).ToList();
        var groups = new[] { Group(HoldoutGroup, holdout), Group(NoActionGroup, noAction) }.OfType<BaselineCalibrationGroup>().ToList();
        var enginePredicted = decisions.Count == 0 ? (double?)null : Math.Round(decisions.Average(d => Baseline(d.ChurnProbability, d.HorizonShare)), 5);
        var drLessHoldout = drNoAction is { Value: { } dr, StdError: { } drSe } && holdoutRetention is { Value: { } h, StdError: { } hSe }
            ? OffPolicyFigure.Of(OffPolicyEstimate.Normal("dr_no_action_less_holdout", dr - h, Math.Sqrt(drSe * drSe + hSe * hSe), drNoAction.Count, drNoAction.EffectiveSampleSize))
            : null;
        var off = groups.Where(g => g.Accounts >= MinAccounts && (g.Gap.Lower > 0 || g.Gap.Upper < 0)).Select(Describe).ToList();
        return new(groups, enginePredicted, drLessHoldout, off.Count == 0 ? null
            : "The reward model's baseline (retention without an action) is off on untreated decisions: " + string.Join("; ", off)
              + ". DR figures resting on few decisions (a low ESS, typically doing nothing's) are mostly that baseline: if the engine's accounts are like these, "
              + "they and the increments over doing nothing are off by about as much. The holdout's retention needs no model, but rests on its accounts alone.");
    }

    private static double Baseline(double churnProbability, double horizonShare) => RetentionRewardModel.Predict(churnProbability, 0, horizonShare);

    private static BaselineCalibrationGroup? Group(string name, IReadOnlyList<(string AccountId, double Predicted, bool Retained)> rows)
    {
        var observed = ClusteredMean.Share(name, [.. rows.Select(r => (r.AccountId, r.Retained ? 1.0 : 0.0))]);
        // Observed less predicted per decision, clustered like the observed share: the gap's own interval.
        var gap = ClusteredMean.Of(name + "_gap", [.. rows.Select(r => (r.AccountId, (r.Retained ? 1.0 : 0.0) - r.Predicted))]);
        if (observed is not { } o || gap is not { } g)
            return null;
        return new(name, rows.Count, o.Accounts, Math.Round(rows.Average(r => r.Predicted), 5), OffPolicyFigure.Of(o.Estimate), OffPolicyFigure.Of(g.Estimate));
    }

    private static string Describe(BaselineCalibrationGroup g) => string.Create(CultureInfo.InvariantCulture,
        $"on the {g.Decisions} {(g.Group == HoldoutGroup ? "held-out decisions" : "decisions to do nothing")} ({g.Accounts} accounts) it predicted {g.Predicted:P1} retained, {g.Observed.Value:P1} were kept (gap {g.Gap.Value * 100:+0.0;-0.0} pp [{g.Gap.Lower * 100:+0.0;-0.0}, {g.Gap.Upper * 100:+0.0;-0.0}])");
}

/// <param name="Group"><c>holdout</c> or <c>no_action</c>.</param>
/// <param name="Predicted">Mean retention the reward model predicted without an action.</param>
/// <param name="Observed">Retention observed, with an account-clustered interval.</param>
/// <param name="Gap">Observed less predicted, with an account-clustered interval: how far off the baseline is on this group.</param>
public sealed record BaselineCalibrationGroup(string Group, int Decisions, int Accounts, double Predicted, OffPolicyFigure Observed, OffPolicyFigure Gap);
