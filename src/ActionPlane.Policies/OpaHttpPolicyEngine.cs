using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ActionPlane.Policies;

/// <summary>
/// Evaluates policies on a real OPA server through its REST Data API (<c>POST /v1/data/{path}</c>).
/// A missing <c>result</c> is "undefined", never <c>false</c>; transport and server errors fail the gate closed.
/// </summary>
public sealed class OpaHttpPolicyEngine(HttpClient http, string revision = "opa-server") : IPolicyEngine
{
    private const string GatePath = "actionplane/gate/decision";

    public string Revision => revision;

    public async ValueTask<PolicyDecision> EvaluateGateAsync(JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = Stopwatch.GetTimestamp();
        var fallbackId = Guid.NewGuid().ToString();
        try
        {
            var (result, decisionId) = await QueryAsync(GatePath, input, cancellationToken).ConfigureAwait(false);
            var id = decisionId ?? fallbackId;
            var elapsed = (long)(Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1_000_000);
            return ToDecision(id, result) with { EvaluationNanoseconds = elapsed };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or PolicyEvaluationException)
        {
            return PolicyDecision.FailClosed(fallbackId, Revision, $"OPA request failed: {e.Message}");
        }
    }

    public async ValueTask<JsonNode?> EvaluateAsync(string path, JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var (result, _) = await QueryAsync(path.Trim('/').Replace('.', '/'), input, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<(JsonNode? Result, string? DecisionId)> QueryAsync(string path, JsonObject input, CancellationToken cancellationToken)
    {
        if (path.StartsWith("data/", StringComparison.Ordinal))
        {
            path = path[5..];
        }

        using var response = await http.PostAsJsonAsync($"v1/data/{path}", new JsonObject { ["input"] = input.DeepClone() }, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new PolicyEvaluationException(body?["code"]?.GetValue<string>() ?? "opa_error",
                $"OPA answered {(int)response.StatusCode}: {body?["message"]?.GetValue<string>() ?? response.ReasonPhrase}");
        }

        // An undefined document comes back as {} without "result": keep that distinct from false.
        return (body is not null && body.TryGetPropertyValue("result", out var result) ? result?.DeepClone() ?? JsonValue.Create((string?)null) : null,
            body?["decision_id"]?.GetValue<string>());
    }

    private PolicyDecision ToDecision(string decisionId, JsonNode? result)
    {
        if (result is not JsonObject o || o["allow"] is not JsonValue allowNode || !allowNode.TryGetValue<bool>(out var allow))
        {
            return PolicyDecision.FailClosed(decisionId, Revision, result is null ? "data.actionplane.gate.decision is undefined" : "decision must be an object with a boolean allow");
        }

        var deny = new List<PolicyViolation>();
        foreach (var item in o["deny"] as JsonArray ?? [])
        {
            if (item?["rule"] is not JsonValue rule || !rule.TryGetValue<string>(out var ruleName))
            {
                return PolicyDecision.FailClosed(decisionId, Revision, "decision.deny must hold objects with a string rule");
            }

            deny.Add(new PolicyViolation(ruleName, item["message"]?.GetValue<string>() ?? ""));
        }

        var requiresApproval = o["requires_approval"] is JsonValue ra && ra.TryGetValue<bool>(out var r) && r;
        var obligations = o["obligations"]?.DeepClone() as JsonObject ?? [];
        return new PolicyDecision(decisionId, allow && deny.Count == 0, deny, requiresApproval, obligations, Revision, 0);
    }
}
