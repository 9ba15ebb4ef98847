namespace ActionPlane.Engine.ClosedLoop;

// Per action type, how the applied actions' predicted uplift and churn risk compare with the truth:
// printed at the end of a run (progress output only; it reads the truth after the decision, like
// mean_true_uplift_applied, and nothing here feeds back into any decision).
public sealed partial class ClosedLoopSimulator
{
    private readonly Dictionary<string, (int Count, double TrueUplift, double Predicted, double TrueChurn, double BelievedChurn, double Mrr)> _appliedByType = new(StringComparer.Ordinal);

    // nba's picks split by whether its own earlier actions were in force on the account: the churn
    // model's risk, nba's believed risk after its in-force correction, the true risk now and over the
    // next 90 days (effects counted for the days they have left), and the in-force shifts believed / true.
    private readonly (int Count, double Model, double Believed, double TrueNow, double TrueForward, double BelievedShift, double TrueShift)[] _inForceTally = new (int, double, double, double, double, double, double)[2];

    private void TallyApplied(WeekContext context, string actionType, double trueUplift, double trueChurn)
    {
        if (_options.Strategy is SimulationStrategy.Nba)
        {
            var believedEffects = BelievedInForce(context);
            var (forward, trueShift) = _world.Unsealed(w => w.TrueForwardChurn(context.Account, context.Snapshot.AsOf));
            var i = believedEffects.Count > 0 ? 1 : 0;
            var f = _inForceTally[i];
            _inForceTally[i] = (f.Count + 1, f.Model + context.Score.ChurnProbability, f.Believed + RemainingChurn(context), f.TrueNow + trueChurn, f.TrueForward + forward,
                f.BelievedShift + believedEffects.Sum(e => e.Shift), f.TrueShift + trueShift);
        }
        var predicted = _weekUplift.TryGetValue(context, out var estimates) && estimates.TryGetValue(actionType, out var e) ? e.Uplift : double.NaN;
        var believed = _options.Strategy is SimulationStrategy.Nba or SimulationStrategy.Ceiling ? RemainingChurn(context) : context.Score.ChurnProbability;
        var t = _appliedByType.GetValueOrDefault(actionType);
        _appliedByType[actionType] = (t.Count + 1, t.TrueUplift + trueUplift, t.Predicted + (double.IsNaN(predicted) ? 0 : predicted), t.TrueChurn + trueChurn, t.BelievedChurn + believed, t.Mrr + (double)context.Account.Account.Mrr);
    }

    private void PrintAppliedByType()
    {
        foreach (var (type, t) in _appliedByType.OrderByDescending(kv => kv.Value.Count))
            _progress($"  applied {type,-30} {t.Count,5}  true uplift {t.TrueUplift / t.Count:F3}  predicted {t.Predicted / t.Count:F3}  true churn {t.TrueChurn / t.Count:F3}  model churn {t.BelievedChurn / t.Count:F3}  mrr {t.Mrr / t.Count:F0}");
        for (var i = 0; i < 2; i++)
        {
            var f = _inForceTally[i];
            if (f.Count > 0)
                _progress($"  picks {(i == 1 ? "with own actions in force" : "with none in force"),-27} {f.Count,5}  churn model {f.Model / f.Count:F3}  believed {f.Believed / f.Count:F3}  true now {f.TrueNow / f.Count:F3}  true next 90 d {f.TrueForward / f.Count:F3}  in-force shift believed {f.BelievedShift / f.Count:F3} true {f.TrueShift / f.Count:F3}");
        }
    }
}
