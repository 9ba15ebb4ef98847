using System.Text;
using ActionPlane.Engine.Proposals;
using ActionPlane.Policies.Opa;

namespace ActionPlane.Engine.Storage;

/// <summary>
/// How the engine reaches its PostgreSQL database, where the policy bundle lives, and the secret
/// rollback tokens are signed with. <see cref="ToString"/> never shows the key or the password.
/// </summary>
public sealed class ActionPlaneEngineOptions
{
    /// <summary>Npgsql connection string of the system of record.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>PostgreSQL schema for Marten's tables; tests use one per class.</summary>
    public string SchemaName { get; set; } = "actionplane";

    /// <summary>Folder of the Rego bundle (copied next to every consumer's binaries).</summary>
    public string PoliciesDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "policies");

    /// <summary>
    /// Address of a real OPA server (e.g. <c>http://127.0.0.1:8181</c>) that makes the decisions
    /// instead of the embedded engine; empty to evaluate <see cref="PoliciesDirectory"/> in-process.
    /// </summary>
    public string? OpaUrl { get; set; }

    /// <summary>Per-request limit for OPA; decisions fail closed past it.</summary>
    public TimeSpan OpaTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Pick up edits under <see cref="PoliciesDirectory"/> as a new revision without a restart (a
    /// broken edit is rejected and the previous revision stays active).
    /// </summary>
    public bool WatchPolicies { get; set; } = true;

    /// <summary>
    /// Secret for the HMAC over rollback tokens, at least 32 bytes as UTF-8. Comes from
    /// configuration (e.g. <c>ActionPlane__RollbackTokenKey</c>); rotating it invalidates
    /// outstanding tokens, which is the safe failure.
    /// </summary>
    public string RollbackTokenKey { get; set; } = "";

    /// <summary>How long after apply an action can be undone with its token.</summary>
    public TimeSpan RollbackWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// How long the gate reuses one aggregate of the action metrics (the autonomy rule's evidence)
    /// before refreshing it in the background; zero reads them on every gate evaluation.
    /// </summary>
    public TimeSpan ActionMetricsTtl { get; set; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Which deployment this is (<c>production</c> or <c>sandbox</c>): the policy's
    /// <c>environment.name</c>. A sandbox deployment may not act on production accounts.
    /// </summary>
    public string EnvironmentName { get; set; } = "production";

    /// <summary>Arbitration, exploration, holdouts and the weekly budget of the proposal engine.</summary>
    public DecisioningOptions Decisioning { get; set; } = new();

    /// <summary>
    /// A copy whose settings (its <see cref="Decisioning"/> too) can be changed without touching these: the demo history
    /// replay runs the product's services on a copy with its own clock, and every setting added later comes along.
    /// </summary>
    public ActionPlaneEngineOptions Copy()
    {
        var copy = (ActionPlaneEngineOptions)MemberwiseClone();
        copy.Decisioning = Decisioning.Copy();
        return copy;
    }

    /// <summary>Minimum key length: HMAC-SHA256 gains nothing from more, and loses a lot from less.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is missing or unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("ActionPlaneEngineOptions.ConnectionString is required.", nameof(ConnectionString));
        if (string.IsNullOrWhiteSpace(SchemaName) || !SchemaName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') || !char.IsAsciiLetterLower(SchemaName[0]))
            throw new ArgumentException($"ActionPlaneEngineOptions.SchemaName '{SchemaName}' must be lower-case letters, digits and '_', starting with a letter.", nameof(SchemaName));
        if (Encoding.UTF8.GetByteCount(RollbackTokenKey ?? "") < MinimumKeyBytes)
            throw new ArgumentException(
                $"ActionPlaneEngineOptions.RollbackTokenKey must be at least {MinimumKeyBytes} bytes; set it from configuration (e.g. ActionPlane__RollbackTokenKey).",
                nameof(RollbackTokenKey));
        if (ActionMetricsTtl < TimeSpan.Zero)
            throw new ArgumentException("ActionPlaneEngineOptions.ActionMetricsTtl must not be negative.", nameof(ActionMetricsTtl));
        if (RollbackWindow <= TimeSpan.Zero)
            throw new ArgumentException("ActionPlaneEngineOptions.RollbackWindow must be positive.", nameof(RollbackWindow));
        if (EnvironmentName is not ("production" or "sandbox"))
            throw new ArgumentException($"ActionPlaneEngineOptions.EnvironmentName '{EnvironmentName}' must be production or sandbox.", nameof(EnvironmentName));
        if (TimeProvider is null)
            throw new ArgumentException("ActionPlaneEngineOptions.TimeProvider is required.", nameof(TimeProvider));
        if (!string.IsNullOrWhiteSpace(OpaUrl)
            && (!Uri.TryCreate(OpaUrl, UriKind.Absolute, out var opa) || (opa.Scheme != Uri.UriSchemeHttp && opa.Scheme != Uri.UriSchemeHttps)))
            throw new ArgumentException("ActionPlaneEngineOptions.OpaUrl must be an absolute http(s) URL such as http://127.0.0.1:8181.", nameof(OpaUrl));
        if (OpaTimeout <= TimeSpan.Zero)
            throw new ArgumentException("ActionPlaneEngineOptions.OpaTimeout must be positive.", nameof(OpaTimeout));
        if (Decisioning is null)
            throw new ArgumentException("ActionPlaneEngineOptions.Decisioning is required.", nameof(Decisioning));
        Decisioning.Validate();
    }

    /// <summary>The policy engine these options describe: OPA when <see cref="OpaUrl"/> is set, else the reloading embedded bundle.</summary>
    public PolicyEngineOptions ToPolicyEngineOptions() => new()
    {
        OpaUrl = OpaUrl,
        OpaTimeout = OpaTimeout,
        BundleDirectory = PoliciesDirectory,
        WatchBundle = WatchPolicies,
    };

    public override string ToString() =>
        $"ActionPlaneEngineOptions {{ SchemaName = {SchemaName}, PoliciesDirectory = {PoliciesDirectory}, OpaUrl = {SafeOpaUrl}, EnvironmentName = {EnvironmentName}, RollbackTokenKey = ***, RollbackWindow = {RollbackWindow} }}";

    // Without user info or query: a URL may carry credentials.
    private string SafeOpaUrl =>
        string.IsNullOrWhiteSpace(OpaUrl) ? "(embedded)"
        : Uri.TryCreate(OpaUrl, UriKind.Absolute, out var url) ? $"{url.Scheme}://{url.Authority}{url.AbsolutePath}"
        : "(invalid)";
}
