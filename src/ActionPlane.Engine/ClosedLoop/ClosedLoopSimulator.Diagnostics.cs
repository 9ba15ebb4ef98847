namespace ActionPlane.Engine.ClosedLoop;

// Per action type, how the applied actions' predicted uplift and churn risk compare with the truth:
// printed at the end of a run (progress output only; it reads the truth after the decision, like
// mean_true_uplift_applied, and nothing here feeds back into any decision).
public sealed partial class ClosedLoopSimulator
{
    private readonly Dictionary<string, (int Count, double TrueUplift, double Predicted, double TrueChurn, double BelievedChurn, double Mrr)> _appliedByType = new(StringComparer.Ordinal);

    private void TallyApplied(WeekContext context, string actionType, double trueUplift, double trueChurn)
    {
        var predicted = _weekUplift.TryGetValue(context, out var estimates) && estimates.TryGetValue(actionType, out var e) ? e.Uplift : double.NaN;
        var believed = _options.Strategy is SimulationStrategy.Nba or SimulationStrategy.Ceiling ? RemainingChurn(context) : context.Score.ChurnProbability;
        var t = _appliedByType.GetValueOrDefault(actionType);
        _appliedByType[actionType] = (t.Count + 1, t.TrueUplift + trueUplift, t.Predicted + (double.IsNaN(predicted) ? 0 : predicted), t.TrueChurn + trueChurn, t.BelievedChurn + believed, t.Mrr + (double)context.Account.Account.Mrr);
    }

    private void PrintAppliedByType()
    {
        foreach (var (type, t) in _appliedByType.OrderByDescending(kv => kv.Value.Count))
            _progress($"  applied {type,-30} {t.Count,5}  true uplift {t.TrueUplift / t.Count:F3}  predicted {t.Predicted / t.Count:F3}  true churn {t.TrueChurn / t.Count:F3}  model churn {t.BelievedChurn / t.Count:F3}  mrr {t.Mrr / t.Count:F0}");
    }
}
