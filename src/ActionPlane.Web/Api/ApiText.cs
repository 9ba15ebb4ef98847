using System.Text.Json;

namespace ActionPlane.Web.Api;

/// <summary>Enum values as API callers see them: snake_case strings (<c>awaiting_approval</c>), never numbers.</summary>
internal static class ApiText
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
