namespace ActionPlane.Policies.Opa;

/// <summary>
/// How ActionPlane evaluates policies, bound from configuration (e.g. the <c>Policies</c> section):
/// a real OPA server when <see cref="OpaUrl"/> is set, otherwise the embedded interpreter over
/// <see cref="BundleDirectory"/>, reloaded when its files change.
/// </summary>
public sealed class PolicyEngineOptions
{
    /// <summary>OPA's base address (e.g. <c>http://127.0.0.1:8181</c>); empty for the embedded engine.</summary>
    public string? OpaUrl { get; set; }

    /// <summary>Per-request limit for OPA; decisions fail closed past it.</summary>
    public TimeSpan OpaTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The bundle folder the embedded engine loads.</summary>
    public string BundleDirectory { get; set; } = "policies";

    /// <summary>Pick up edits under <see cref="BundleDirectory"/> as new revisions.</summary>
    public bool WatchBundle { get; set; } = true;

    /// <summary>Builds the engine these options describe.</summary>
    /// <exception cref="ArgumentException"><see cref="OpaUrl"/> is not an absolute http(s) URL (names the field).</exception>
    /// <exception cref="PolicyLoadException">The embedded bundle does not load (file:row:col).</exception>
    public IPolicyEngine CreateEngine(HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        if (!string.IsNullOrWhiteSpace(OpaUrl))
        {
            if (!Uri.TryCreate(OpaUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"OpaUrl must be an absolute http(s) URL, got '{OpaUrl}'", nameof(OpaUrl));
            }

            return new OpaHttpPolicyEngine(url, OpaTimeout, httpClient);
        }

        return new Bundles.ReloadingPolicyEngine(BundleDirectory, watch: WatchBundle, timeProvider: timeProvider);
    }
}
