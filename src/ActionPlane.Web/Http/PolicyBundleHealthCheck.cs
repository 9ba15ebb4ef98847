using ActionPlane.Policies;
using ActionPlane.Policies.Bundles;
using ActionPlane.Policies.Opa;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionPlane.Web.Http;

/// <summary>
/// Reports the policy revision decisions are made under. Degraded when the last bundle reload was
/// rejected (decisions continue under the previous revision, so nothing is down, but the edit did
/// not take effect); unhealthy when the OPA server does not answer (every decision fails closed).
/// </summary>
public sealed class PolicyBundleHealthCheck(IPolicyEngine engine, IHttpClientFactory httpClients) : IHealthCheck
{
    private static readonly TimeSpan s_opaProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        switch (engine)
        {
            case ReloadingPolicyEngine reloading:
            {
                var data = Data("embedded", reloading.Revision);
                if (reloading.LastReload is { Error: { } error } last)
                {
                    data["rejectedAt"] = last.At;
                    return HealthCheckResult.Degraded(
                        $"Revision {reloading.Revision} is active; the last reload was rejected: {error.Message}", data: data);
                }
                return HealthCheckResult.Healthy($"Revision {reloading.Revision} is active.", data);
            }
            case OpaHttpPolicyEngine opa:
            {
                var reachable = await OpaAnswersAsync(opa.BaseUrl, cancellationToken);
                var revision = reachable ? await opa.RefreshRevisionAsync(cancellationToken) : opa.Revision;
                var data = Data("opa", revision);
                return reachable
                    ? HealthCheckResult.Healthy($"OPA at {opa.BaseUrl} answers; revision {revision}.", data)
                    : HealthCheckResult.Unhealthy($"OPA at {opa.BaseUrl} does not answer; every decision fails closed.", data: data);
            }
            default:
                return HealthCheckResult.Healthy($"Revision {engine.Revision} is active.", Data(engine.GetType().Name, engine.Revision));
        }
    }

    // OPA's own /health: 200 once its bundles are activated. No decision is evaluated (or logged by OPA).
    private async Task<bool> OpaAnswersAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_opaProbeTimeout);
        try
        {
            using var response = await httpClients.CreateClient(nameof(PolicyBundleHealthCheck)).GetAsync(new Uri(baseUrl, "health"), timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static Dictionary<string, object> Data(string engineKind, string revision) => new()
    {
        ["engine"] = engineKind,
        ["revision"] = revision,
    };
}
