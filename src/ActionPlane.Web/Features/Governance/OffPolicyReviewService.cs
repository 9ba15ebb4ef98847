using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Web.Features.Governance;

/// <summary>
/// What the strategies page evaluates: the default strategies plus every uplift champion and the
/// challengers registered after it (the versions a reviewer would weigh for promotion), newest first, at
/// most <see cref="MaxModels"/>.
/// </summary>
public sealed class OffPolicyReviewService(DecisionLogEvaluator evaluator, ModelRegistry registry)
{
    public const int MaxModels = 6;

    public async Task<OffPolicyEvaluation> EvaluateAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        // A version naming features this build does not make cannot re-score the snapshots: it is not offered.
        var uplift = (await registry.ListAsync(cancellationToken: cancellationToken))
            .Where(a => a.Kind.StartsWith(UpliftModelCard.KindPrefix, StringComparison.Ordinal) && ServableFeatures.WhyNotByName(a.Features) is null).ToList();
        var champions = uplift.Where(a => a.IsChampion).ToDictionary(a => a.Kind, StringComparer.Ordinal);
        var weighed = uplift.Where(a => a.IsChampion || !champions.TryGetValue(a.Kind, out var c) || a.CreatedAt > c.CreatedAt)
            .OrderByDescending(a => a.IsChampion).ThenByDescending(a => a.CreatedAt).Take(MaxModels)
            .Select(a => OffPolicyStrategy.ModelPrefix + a.Version);
        try
        {
            return await evaluator.EvaluateAsync([.. OffPolicyStrategy.Defaults, .. weighed], from, to, cancellationToken);
        }
        catch (OffPolicyInputException e)
        {
            // E.g. a stored model that cannot be read: the page says so instead of failing.
            throw new LifecycleException(LifecycleErrorKind.Invalid, e.Message);
        }
    }
}
