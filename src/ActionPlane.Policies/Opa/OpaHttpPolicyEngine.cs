using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Opa;

/// <summary>
/// Evaluates policies on a real OPA server through its REST Data API
/// (<c>POST {baseUrl}/v1/data/{path}</c> with <c>{"input": ...}</c>). Every failure of the server
/// (timeout, non-2xx, malformed body, undefined gate) fails the gate closed.
/// </summary>
public sealed partial class OpaHttpPolicyEngine : IPolicyEngine, IDisposable
{
    /// <summary>The gate's data path, the same entry point the embedded engine evaluates.</summary>
    public const string GatePath = "actionplane/gate/decision";

    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly Uri _baseUrl;
    private readonly TimeSpan _timeout;
    private string _revision;

    /// <param name="baseUrl">OPA's address, e.g. <c>http://127.0.0.1:8181</c>.</param>
    /// <param name="timeout">Per-request limit; 2 s when null.</param>
    /// <param name="httpClient">A shared client (e.g. from IHttpClientFactory); the engine creates and owns one when null.</param>
    public OpaHttpPolicyEngine(Uri baseUrl, TimeSpan? timeout = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"baseUrl must be an absolute http(s) URL, got '{baseUrl}'", nameof(baseUrl));
        }

        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "timeout must be positive");
        }

        _baseUrl = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
        _timeout = timeout ?? TimeSpan.FromSeconds(2);
        _ownsClient = httpClient is null;
        // The engine enforces its own timeout per request; the client's must not cut in first.
        _http = httpClient ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _revision = FallbackRevision;
    }

    /// <summary>
    /// The bundle revision(s) OPA reported with its last answer (<c>?provenance</c>), e.g.
    /// <c>actionplane:3f2a…</c>; <c>opa:&lt;url&gt;</c> until OPA has reported one.
    /// </summary>
    public string Revision => Volatile.Read(ref _revision);

    public Uri BaseUrl => _baseUrl;

    private string FallbackRevision => $"opa:{_baseUrl.ToString().TrimEnd('/')}";

    public async ValueTask<PolicyDecision> EvaluateGateAsync(JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = Stopwatch.GetTimestamp();
        var response = await QueryAsync(GatePath, input, cancellationToken).ConfigureAwait(false);
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        var decisionId = response.DecisionId ?? Guid.NewGuid().ToString();
        var decision = response.Error is { } error
            ? PolicyDecision.FailClosed(decisionId, Revision, error)
            : GateResultReader.Read(decisionId, Revision, response.Result, response.Defined);
        return decision with { EvaluationNanoseconds = elapsed };
    }

    public async ValueTask<JsonNode?> EvaluateAsync(string path, JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var response = await QueryAsync(NormalizePath(path), input, cancellationToken).ConfigureAwait(false);
        if (response.Error is { } error)
        {
            throw new PolicyEvaluationException(response.ErrorCode ?? "opa_error", error);
        }

        return response.Result;
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    /// <summary>Turns <c>data.a.b</c>, <c>/a/b</c> or <c>a.b</c> into the URL form <c>a/b</c>.</summary>
    internal static string NormalizePath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var segments = path.Trim().Trim('/').Split(['/', '.'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 0 && segments[0] == "data")
        {
            segments = segments[1..];
        }

        if (segments.Length == 0)
        {
            throw new ArgumentException($"path must name a document under data, got '{path}'", nameof(path));
        }

        return string.Join('/', segments.Select(Uri.EscapeDataString));
    }
}
