using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Telemetry;
using ActionPlane.Policies;
using Microsoft.AspNetCore.Authorization;

namespace ActionPlane.Web.Auth.Authz;

/// <summary>
/// Decides every <see cref="OperationRequirement"/> by asking the same policy engine the action gate
/// uses (embedded Rego or an OPA server) for <c>data.actionplane.authz.decision</c>. Anything but a
/// clear allow is a refusal: a deny names its rules, and an evaluation error fails closed.
/// </summary>
public sealed partial class OperationAuthorizationHandler(
    IPolicyEngine policies, IServiceProvider services, ILogger<OperationAuthorizationHandler> logger)
    : AuthorizationHandler<OperationRequirement>
{
    public const string DecisionPath = "actionplane/authz/decision";
    /// <summary>The claim a service-account token's scopes travel in (operations it is limited to).</summary>
    public const string ScopeClaim = "scope";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationRequirement requirement)
    {
        var id = context.User.FindFirst(AppUser.IdClaim)?.Value;
        if (string.IsNullOrEmpty(id))
            return; // not signed in: the middleware challenges (401 or the sign-in page)

        var http = context.Resource as HttpContext;
        var cancellationToken = http?.RequestAborted ?? CancellationToken.None;
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<AuthzRule> deny;
        try
        {
            var resource = http is null ? new JsonObject() : await services.GetRequiredService<AuthzResource>().BuildAsync(http, cancellationToken);
            var input = Input(requirement.Operation, id, context.User, resource);
            var decision = await policies.EvaluateAsync(DecisionPath, input, cancellationToken);
            deny = Read(decision);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // any failure to decide is a refusal, never an allow
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPolicyError(logger, requirement.Operation, id, e);
            deny = [new AuthzRule("authz.error", "The authorization policy could not be evaluated, so access is refused; try again or tell an administrator.")];
        }
        finally
        {
            ActionPlaneTelemetry.AuthzEvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("operation", requirement.Operation));
        }

        if (deny.Count == 0)
        {
            context.Succeed(requirement);
            return;
        }
        ActionPlaneTelemetry.AuthzDenials.Add(1, new KeyValuePair<string, object?>("operation", requirement.Operation),
            new KeyValuePair<string, object?>("rule", deny[0].Rule));
        context.Fail(new AuthzDenial(this, requirement.Operation, deny));
    }

    internal static JsonObject Input(string operation, string id, ClaimsPrincipal user, JsonObject resource)
    {
        var actor = new JsonObject
        {
            ["id"] = id,
            ["roles"] = new JsonArray([.. user.FindAll(AppUser.RoleClaim).Select(c => (JsonNode?)JsonValue.Create(c.Value))]),
        };
        var scopes = user.FindAll(ScopeClaim).Select(c => (JsonNode?)JsonValue.Create(c.Value)).ToArray();
        if (scopes.Length > 0)
            actor["scopes"] = new JsonArray(scopes);
        return new JsonObject { ["operation"] = operation, ["actor"] = actor, ["resource"] = resource };
    }

    /// <summary>The deny rules of a decision; empty only for <c>{"allow": true}</c>.</summary>
    internal static IReadOnlyList<AuthzRule> Read(JsonNode? decision)
    {
        if (decision is not JsonObject result)
            return [new AuthzRule("authz.undefined", "The authorization policy gave no decision for this operation, so access is refused.")];
        var rules = new List<AuthzRule>();
        if (result["deny"] is JsonArray list)
        {
            foreach (var item in list.OfType<JsonObject>())
                rules.Add(new AuthzRule(item["rule"]?.ToString() ?? "authz.deny", item["message"]?.ToString() ?? "Refused by the authorization policy."));
        }
        var allowed = result["allow"] is JsonValue allow && allow.TryGetValue<bool>(out var yes) && yes;
        if (!allowed && rules.Count == 0)
            rules.Add(new AuthzRule("authz.deny", "Refused by the authorization policy."));
        return allowed && rules.Count == 0 ? [] : rules;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Authorization policy failed for operation {Operation} by {ActorId}; refused")]
    private static partial void LogPolicyError(ILogger logger, string operation, string actorId, Exception exception);
}
