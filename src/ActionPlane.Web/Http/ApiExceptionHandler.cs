using System.Text.Json;
using System.Text.RegularExpressions;
using ActionPlane.Engine.Lifecycle;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ActionPlane.Web.Http;

/// <summary>
/// Turns exceptions caused by the caller into 4xx problem details that name what to fix, so a
/// malformed request never surfaces as a 500. Anything else falls through to the default 500.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ProblemFor(exception);
        if (problem is null)
            return false;

        logger.LogInformation("{Method} {Path} refused with {Status}: {Detail}", httpContext.Request.Method, httpContext.Request.Path, problem.Status, problem.Detail);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The problem for an exception the caller caused, or null when it is the server's fault.</summary>
    internal static ProblemDetails? ProblemFor(Exception exception) => exception switch
    {
        LifecycleException lifecycle => LifecycleProblem(lifecycle),
        BadHttpRequestException { InnerException: JsonException json } bad => JsonProblem(bad.StatusCode, json),
        JsonException json => JsonProblem(StatusCodes.Status400BadRequest, json),
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "Bad request",
            Detail = bad.Message,
        },
        _ => null,
    };

    /// <summary>HTTP status for each way a lifecycle step can be refused.</summary>
    internal static int StatusFor(LifecycleErrorKind kind) => kind switch
    {
        LifecycleErrorKind.NotFound => StatusCodes.Status404NotFound,
        LifecycleErrorKind.Invalid => StatusCodes.Status422UnprocessableEntity,
        LifecycleErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        LifecycleErrorKind.Conflict => StatusCodes.Status409Conflict,
        // The request was well-formed; the policy refuses it as it stands (reasons say what to change).
        LifecycleErrorKind.PolicyDenied => StatusCodes.Status422UnprocessableEntity,
        LifecycleErrorKind.TokenRejected => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    private static ProblemDetails LifecycleProblem(LifecycleException e)
    {
        var problem = new ProblemDetails
        {
            Status = StatusFor(e.Kind),
            Title = e.Kind switch
            {
                LifecycleErrorKind.NotFound => "Not found",
                LifecycleErrorKind.Invalid => "Invalid request",
                LifecycleErrorKind.Forbidden => "Forbidden",
                LifecycleErrorKind.Conflict => "Conflict",
                LifecycleErrorKind.PolicyDenied => "Denied by policy",
                LifecycleErrorKind.TokenRejected => "Rollback token rejected",
                _ => "Bad request",
            },
            Detail = e.Message,
        };
        problem.Extensions["kind"] = e.Kind.ToString();
        if (e.Reasons.Count > 0)
            problem.Extensions["reasons"] = e.Reasons;
        return problem;
    }

    private static ProblemDetails JsonProblem(int status, JsonException json)
    {
        // JsonException.Path is "$.payload.discountPercent"; callers think in field names.
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : json.Path.TrimStart('$', '.');
        var problem = new ProblemDetails
        {
            Status = status,
            Title = "Invalid JSON body",
            Detail = field is null
                ? $"The request body is not valid JSON for this endpoint: {FirstSentence(json.Message)}"
                : $"The field '{field}' has an invalid value: {FirstSentence(json.Message)}",
        };
        if (field is not null)
            problem.Extensions["field"] = field;
        return problem;
    }

    // System.Text.Json appends "Path: $.x | LineNumber: 0 | ..." which the detail already says better.
    // .NET type names ("System.Int32") mean little to an API caller; keep the last segment.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = cut > 0 ? message[..cut] : message;
        return QualifiedName().Replace(sentence, "$1");
    }

    [GeneratedRegex(@"(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)")]
    private static partial Regex QualifiedName();
}
