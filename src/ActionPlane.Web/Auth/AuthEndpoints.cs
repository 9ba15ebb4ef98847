using ActionPlane.Web.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Auth;

/// <summary>The token endpoint for API callers and the form posts behind the sign-in page and sign-out button.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/auth/token", IssueToken)
            .AllowAnonymous()
            .WithTags("Auth")
            .WithSummary("Exchange email and password for a bearer token")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        endpoints.MapGet("/api/me", (HttpContext context) => TypedResults.Ok(new MeResponse(
                context.User.FindFirst(AppUser.IdClaim)?.Value ?? "",
                context.User.FindFirst(AppUser.EmailClaim)?.Value ?? "",
                context.User.Identity?.Name ?? "",
                [.. context.User.FindAll(AppUser.RoleClaim).Select(c => c.Value)])))
            .RequireAuthorization()
            .WithTags("Auth")
            .WithSummary("Who the bearer token belongs to, with its roles")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        // Form posts: minimal APIs validate the antiforgery token of form-bound endpoints.
        endpoints.MapPost("/account/login", SignInAsync).AllowAnonymous().ExcludeFromDescription();
        // Anyone may sign out (a no-op without a cookie), but only from our own form.
        endpoints.MapPost("/account/logout", SignOutAsync).AllowAnonymous().ExcludeFromDescription();
        if (endpoints.ServiceProvider.GetService<OidcSettings>() is not null)
            endpoints.MapOidcChallenge();
        return endpoints;
    }

    private static IResult IssueToken(TokenRequest request, UserDirectory users, TokenIssuer issuer)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email))
            errors["email"] = ["email is required."];
        if (string.IsNullOrEmpty(request.Password))
            errors["password"] = ["password is required."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, detail: "email and password are required.");

        var user = users.Validate(request.Email, request.Password);
        return user is null
            ? Problems.Result(StatusCodes.Status401Unauthorized, "Sign-in failed", "The email or password is incorrect.")
            : TypedResults.Ok(issuer.Issue(user));
    }

    private static async Task<IResult> SignInAsync(HttpContext context, UserDirectory users,
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        var user = users.Validate(email, password);
        if (user is null)
            return TypedResults.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(target)}");

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            user.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.LocalRedirect(target);
    }

    // The antiforgery middleware only flags a bad token; minimal APIs refuse it when binding a form,
    // and sign-out binds none, so it checks the token itself (else any site could sign a user out).
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return Problems.Result(StatusCodes.Status400BadRequest, "Sign-out refused", "The sign-out request did not come from ActionPlane's own Sign out button (antiforgery token missing or invalid).");
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/login");
    }

    // Only same-site paths, so the sign-in form cannot be used as an open redirect.
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
