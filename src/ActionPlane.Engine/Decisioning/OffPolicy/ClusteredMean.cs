namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// The mean of per-decision values with a standard error clustered by account. An account decided in several weeks gives
/// several correlated values, so the residuals are summed per account, squared and summed (the sandwich estimator of a
/// mean): the evidence is the accounts, not the decisions.
/// </summary>
internal static class ClusteredMean
{
    /// <summary>Null for no values; otherwise the mean with its normal 95 % interval, and how many accounts it rests on.</summary>
    public static (OffPolicyEstimate Estimate, int Accounts)? Of(string method, IReadOnlyList<(string AccountId, double Value)> values)
    {
        if (values.Count == 0)
            return null;
        var mean = values.Average(v => v.Value);
        var clusters = values.GroupBy(v => v.AccountId, StringComparer.Ordinal).Select(g => g.Sum(v => v.Value - mean)).ToList();
        var se = Math.Sqrt(clusters.Sum(r => r * r)) / values.Count;
        return (OffPolicyEstimate.Normal(method, mean, se, values.Count, values.Count), clusters.Count);
    }

    /// <summary><see cref="Of"/> for a share (values 0 or 1): its interval is kept inside [0, 1], where a share must be.</summary>
    public static (OffPolicyEstimate Estimate, int Accounts)? Share(string method, IReadOnlyList<(string AccountId, double Value)> values)
    {
        if (Of(method, values) is not { } mean)
            return null;
        // The normal interval of a share near 1 from few accounts (a small holdout) would reach past it.
        var e = mean.Estimate;
        return (e with { Lower = Math.Max(0, e.Lower), Upper = Math.Min(1, e.Upper) }, mean.Accounts);
    }
}
