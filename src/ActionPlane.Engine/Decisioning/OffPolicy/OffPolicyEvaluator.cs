namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// Estimates the value (mean reward per decision) a target policy would have had, from decisions a
/// different, logging policy made: inverse propensity scoring (IPS), self-normalised IPS (SNIPS) and
/// doubly robust (DR: a reward model's prediction corrected by the importance-weighted residual).
/// Confidence intervals use the normal approximation (see <see cref="OffPolicyEstimate"/>).
/// </summary>
public static class OffPolicyEvaluator
{
    /// <summary>
    /// IPS: mean of w·r with w = π(a|x) / μ(a|x). Unbiased when every action the target policy can
    /// take had a positive logging propensity.
    /// </summary>
    public static OffPolicyEstimate Ips<T>(IReadOnlyList<LoggedDecision<T>> logs, Func<T, string?, double> targetProbability)
    {
        var w = Weights(logs, targetProbability);
        var terms = logs.Select((d, i) => w[i] * d.Reward).ToArray();
        var (mean, se) = MeanAndStdError(terms);
        return OffPolicyEstimate.Normal("ips", mean, se, logs.Count, EffectiveSampleSize(w));
    }

    /// <summary>SNIPS: Σ w·r / Σ w; biased but far less variable than IPS when weights are large.</summary>
    public static OffPolicyEstimate SelfNormalisedIps<T>(IReadOnlyList<LoggedDecision<T>> logs, Func<T, string?, double> targetProbability)
    {
        var w = Weights(logs, targetProbability);
        var sumW = w.Sum();
        if (sumW <= 0)
            return OffPolicyEstimate.Normal("snips", double.NaN, double.NaN, logs.Count, 0);
        var value = logs.Select((d, i) => w[i] * d.Reward).Sum() / sumW;
        // Delta method: SE = sqrt(Σ w²(r − v)²) / Σ w.
        var se = Math.Sqrt(logs.Select((d, i) => w[i] * w[i] * (d.Reward - value) * (d.Reward - value)).Sum()) / sumW;
        return OffPolicyEstimate.Normal("snips", value, se, logs.Count, EffectiveSampleSize(w));
    }

    /// <summary>
    /// DR: mean over decisions of Σ_a π(a|x)·q̂(x,a) + w·(r − q̂(x,a_logged)). Unbiased if either the
    /// propensities or the reward model <paramref name="rewardModel"/> q̂ is right.
    /// </summary>
    /// <param name="actions">Every action the target policy may take, including null for "no action" if it can.</param>
    public static OffPolicyEstimate DoublyRobust<T>(IReadOnlyList<LoggedDecision<T>> logs, Func<T, string?, double> targetProbability,
        Func<T, string?, double> rewardModel, IReadOnlyList<string?> actions)
    {
        ArgumentNullException.ThrowIfNull(rewardModel);
        ArgumentNullException.ThrowIfNull(actions);
        var w = Weights(logs, targetProbability);
        var terms = new double[logs.Count];
        for (var i = 0; i < logs.Count; i++)
        {
            var d = logs[i];
            double direct = 0;
            foreach (var a in actions)
            {
                var p = targetProbability(d.Context, a);
                if (p > 0)
                    direct += p * rewardModel(d.Context, a);
            }
            terms[i] = direct + w[i] * (d.Reward - rewardModel(d.Context, d.Action));
        }
        var (mean, se) = MeanAndStdError(terms);
        return OffPolicyEstimate.Normal("dr", mean, se, logs.Count, EffectiveSampleSize(w));
    }

    private static double[] Weights<T>(IReadOnlyList<LoggedDecision<T>> logs, Func<T, string?, double> targetProbability)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(targetProbability);
        if (logs.Count == 0)
            throw new ArgumentException("logs: at least one logged decision is needed.", nameof(logs));
        var w = new double[logs.Count];
        for (var i = 0; i < logs.Count; i++)
        {
            var d = logs[i];
            if (!(d.Propensity is > 0 and <= 1))
                throw new ArgumentException($"logs[{i}]: propensity must be in (0, 1]; got {d.Propensity}.", nameof(logs));
            w[i] = targetProbability(d.Context, d.Action) / d.Propensity;
        }
        return w;
    }

    private static (double Mean, double StdError) MeanAndStdError(double[] terms)
    {
        var mean = terms.Average();
        var variance = terms.Length > 1 ? terms.Sum(t => (t - mean) * (t - mean)) / (terms.Length - 1) : 0;
        return (mean, Math.Sqrt(variance / terms.Length));
    }

    /// <summary>Kish's effective sample size (Σw)² / Σw²: how many logs the estimate really rests on.</summary>
    private static double EffectiveSampleSize(double[] w)
    {
        var sumSquares = w.Sum(x => x * x);
        return sumSquares == 0 ? 0 : Math.Pow(w.Sum(), 2) / sumSquares;
    }
}
