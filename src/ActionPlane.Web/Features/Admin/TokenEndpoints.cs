using System.Security.Claims;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Http;

namespace ActionPlane.Web.Features.Admin;

/// <summary><c>/api/admin/tokens</c>: service-account tokens for administrators.</summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var tokens = endpoints.MapGroup("/api/admin/tokens").WithTags("Admin").RequireOperation(Operations.ManageTokens);

        tokens.MapGet("", async (ServiceTokenService service, TimeProvider clock, CancellationToken cancellationToken) =>
                TypedResults.Ok((await service.ListAsync(cancellationToken)).Select(t => TokenResponse.From(t, clock.GetUtcNow())).ToArray()))
            .WithSummary("Service-account tokens, without their secrets")
            .Produces<TokenResponse[]>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        tokens.MapPost("", CreateAsync)
            .WithSummary("Create a service-account token; its bearer string is returned this once")
            .WithDescription("{\"name\",\"roles\":[...],\"scopes\":[operations]?,\"expiresInDays\":1..365 (default 90)}. Send it as 'Authorization: Bearer apt_…'.")
            .Produces<CreatedTokenResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        tokens.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, ServiceTokenService service, CancellationToken cancellationToken) =>
                await service.RevokeAsync(id, user.ToActor().Id, cancellationToken)
                    ? Results.NoContent()
                    : Problems.Result(StatusCodes.Status404NotFound, "Not found", $"Service token {id:N} does not exist."))
            .WithSummary("Revoke a service-account token (it stops working at once)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        CreateTokenRequest? request, ClaimsPrincipal user, ServiceTokenService service, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = ServiceTokenService.Validate(request?.Name, request?.Roles, request?.Scopes, request?.ExpiresInDays);
        if (errors.Count > 0)
            // Every bad field is in errors; "field" names the first, as every other 400 of the API does.
            return TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.SelectMany(v => v)),
                extensions: new Dictionary<string, object?> { ["field"] = errors.Keys.First() });
        var (token, bearer) = await service.CreateAsync(request!.Name!, request.Roles!, request.Scopes, request.ExpiresInDays, user.ToActor().Id, cancellationToken);
        return TypedResults.Created($"/api/admin/tokens/{token.Id}", new CreatedTokenResponse(TokenResponse.From(token, clock.GetUtcNow()), bearer));
    }
}
