using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Opa;

/// <summary>The HTTP exchange with OPA: one request, every failure mode mapped to an error text.</summary>
public sealed partial class OpaHttpPolicyEngine
{
    private sealed record OpaResponse(bool Defined, JsonNode? Result, string? DecisionId, string? Error, string? ErrorCode);

    private async Task<OpaResponse> QueryAsync(string path, JsonObject input, CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUrl, $"v1/data/{path}?provenance=true");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            // Serialise a copy under an "input" key: the caller's node must keep its parent.
            var body = new JsonObject { ["input"] = input.DeepClone() }.ToJsonString();
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(DescribeError(path, (int)response.StatusCode, text), "opa_http_error");
            }

            return Parse(path, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"OPA at {_baseUrl} did not answer data/{path} within {_timeout.TotalMilliseconds:0} ms", "opa_timeout");
        }
        catch (HttpRequestException e)
        {
            return Failed($"OPA at {_baseUrl} is unreachable for data/{path}: {e.Message}", "opa_unreachable");
        }
    }

    /// <summary>
    /// Asks OPA for its bundle revisions now (a small read of <c>data.system.bundles</c> with
    /// <c>?provenance</c>), e.g. at start-up or from a health check, instead of waiting for the first
    /// decision. When OPA cannot be reached the revision stays as it was.
    /// </summary>
    public async Task<string> RefreshRevisionAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.GetAsync(new Uri(_baseUrl, "v1/data/system/bundles?provenance=true"), timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false)) is JsonObject body)
            {
                UpdateRevision(body["provenance"]);
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable or not OPA: keep the revision we have; decisions will fail closed anyway.
        }

        return Revision;
    }

    private OpaResponse Parse(string path, string text)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject
                ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException e)
        {
            return Failed($"OPA returned a malformed body for data/{path}: {e.Message}", "opa_malformed_response");
        }

        var decisionId = body["decision_id"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;
        UpdateRevision(body["provenance"]);

        // OPA answers an undefined document with {} (no "result"): that is undefined, never false.
        if (!body.TryGetPropertyValue("result", out var result))
        {
            return new OpaResponse(false, null, decisionId, null, null);
        }

        return new OpaResponse(true, result?.DeepClone(), decisionId, null, null);
    }

    private void UpdateRevision(JsonNode? provenance)
    {
        if (provenance?["bundles"] is not JsonObject bundles || bundles.Count == 0)
        {
            return;
        }

        var parts = bundles
            .Select(b => (b.Key, Revision: b.Value?["revision"] is JsonValue v && v.TryGetValue<string>(out var r) ? r : ""))
            .OrderBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => $"{b.Key}:{b.Revision}");
        Volatile.Write(ref _revision, string.Join(',', parts));
    }

    private string DescribeError(string path, int status, string text)
    {
        // OPA's error body is {"code": "...", "message": "..."}; keep it when present.
        try
        {
            if (JsonNode.Parse(text) is JsonObject o && o["code"] is JsonValue code)
            {
                return $"OPA at {_baseUrl} answered {status} for data/{path}: {code}: {o["message"]}";
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        var snippet = text.Length > 200 ? text[..200] + "…" : text;
        return $"OPA at {_baseUrl} answered {status} for data/{path}: {snippet}";
    }

    private static OpaResponse Failed(string error, string code) => new(false, null, null, error, code);
}
