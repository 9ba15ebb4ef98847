namespace ActionPlane.Web.Api;

/// <summary>400 problem details that name the one field, header or query parameter the caller must fix.</summary>
internal static class ApiProblems
{
    public static IResult Field(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            detail: message,
            title: $"Invalid '{field}'",
            extensions: new Dictionary<string, object?> { ["field"] = field });
}
