using System.Text;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Lifecycle;
using ActionPlane.Engine.Nudges;
using Marten;

namespace ActionPlane.Web.Auth.Authz;

/// <summary>
/// The <c>resource</c> part of the authorization input: the request's route values (snake_case),
/// plus what the policy needs to know about the target that the route does not say — who proposed
/// a proposal (maker-checker), whose nudge a nudge is (end users act only on their own).
/// </summary>
public sealed class AuthzResource(IDocumentStore store)
{
    public async Task<JsonObject> BuildAsync(HttpContext? http, CancellationToken cancellationToken)
    {
        var resource = new JsonObject();
        if (http is null)
            return resource;
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (value is string text)
                resource[SnakeCase(name)] = text;
        }

        var path = http.Request.Path;
        var id = http.Request.RouteValues.TryGetValue("id", out var raw) ? raw as string : null;
        if (id is null)
            return resource;
        if (path.StartsWithSegments("/api/proposals") && Guid.TryParse(id, out var proposalId))
        {
            resource["proposal_id"] = id;
            await using var session = store.QuerySession();
            if (await session.LoadAsync<ActionLifecycle>(proposalId, cancellationToken) is { } proposal)
            {
                resource["proposed_by"] = proposal.ProposedBy;
                resource["account_id"] = proposal.AccountId;
                if (proposal.UserId is not null)
                    resource["target_user_id"] = proposal.UserId;
            }
        }
        else if (path.StartsWithSegments("/api/nudges"))
        {
            resource["nudge_id"] = id;
            await using var session = store.QuerySession();
            if (await session.LoadAsync<NudgeInboxItem>(id, cancellationToken) is { } nudge)
                resource["user_id"] = nudge.UserId;
        }
        return resource;
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                if (builder.Length > 0)
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
