using System.Security.Claims;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Models;
using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Api.Contracts;
using ActionPlane.Web.Auth;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Api;

/// <summary><c>/api/accounts</c>: the scored portfolio and proposing next best actions for one account.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts")
            .WithTags("Accounts")
            .RequireRoles(ApiRoles.Operators)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        accounts.MapGet("", ListAsync)
            .WithName("ListAccounts")
            .WithSummary("Scored accounts, riskiest first")
            .WithDescription("Each account with its calibrated churn probability and risk tier. Filter with risk=high|medium|low. " +
                "Customers only; churned=true lists the accounts that churned instead (with churnedOn).")
            .Produces<AccountResponse[]>()
            .ProducesValidationProblem();

        accounts.MapPost("/{accountId}/proposals", ProposeAsync)
            .WithName("ProposeActions")
            .WithSummary("Propose ranked next best actions for an account")
            .WithDescription("Empty body: candidates from the catalog. {\"userId\"}: user-facing actions aim at that user. " +
                "{\"actionType\",\"payload\"}: propose exactly that action. Every proposal carries the policy's decision.")
            .Produces<ProposalBatchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> ListAsync(string? risk, bool? churned, IDocumentStore store, CancellationToken cancellationToken)
    {
        RiskTier? tier = null;
        if (risk is not null)
        {
            if (!Enum.TryParse<RiskTier>(risk, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(risk, out _))
                return ApiProblems.Field("risk", $"risk: '{risk}' is not a risk tier; use high, medium or low.");
            tier = parsed;
        }

        await using var session = store.QuerySession();
        IQueryable<AccountScore> query = session.Query<AccountScore>();
        if (tier is { } t)
            query = query.Where(s => s.Tier == t);
        var scores = await query.ToListAsync(cancellationToken);
        var accounts = scores.Count == 0
            ? new Dictionary<string, Account>()
            : (await session.LoadManyAsync<Account>(cancellationToken, scores.Select(s => s.Id).ToArray())).ToDictionary(a => a.Id);
        return TypedResults.Ok(scores
            .Where(s => accounts.TryGetValue(s.Id, out var a) && (a.ChurnedOn is not null) == (churned ?? false))
            .OrderByDescending(s => s.ChurnProbability)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => AccountResponse.From(accounts[s.Id], s))
            .ToArray());
    }

    private static async Task<IResult> ProposeAsync(
        string accountId,
        [FromBody] ProposeRequest? request,
        ClaimsPrincipal user,
        NextBestActionEngine engine,
        CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        if (request?.ActionType is { } actionType)
        {
            if (string.IsNullOrWhiteSpace(actionType))
                return ApiProblems.Field("actionType", "actionType: must name an action type, e.g. schedule_nudge.");
            if (request.Payload is null)
                return ApiProblems.Field("payload", $"payload: required with actionType; a JSON object matching the {actionType} schema.");
            var proposal = await engine.ProposeActionAsync(accountId, actionType, request.Payload, actor, cancellationToken);
            return TypedResults.Ok(new ProposalBatchResponse(proposal.AccountId, [ProposalResponse.From(proposal)], []));
        }
        if (request?.Payload is not null)
            return ApiProblems.Field("actionType", "actionType: required when a payload is given; it names the payload's schema.");

        if (request?.UserId is { } blank && string.IsNullOrWhiteSpace(blank))
            return ApiProblems.Field("userId", "userId: must name a user of the account, or be left out.");
        var batch = request?.UserId is { } userId
            ? await engine.ProposeForUserAsync(accountId, userId, actor, cancellationToken)
            : await engine.ProposeAsync(accountId, actor, cancellationToken);
        return TypedResults.Ok(ProposalBatchResponse.From(batch));
    }
}
