using System.Globalization;

namespace ActionPlane.Web.Features.Shared;

/// <summary>
/// The warning for an action the models expect to lose money, in the same words wherever a person
/// commits to one: the CSM's apply confirmation and the approver's queue.
/// </summary>
public static class ExpectedValueWarning
{
    private static readonly CultureInfo s_money = CultureInfo.GetCultureInfo("en-US");

    /// <summary>The sentence, or null when the expected value is not negative.</summary>
    public static string? For(decimal expectedValue) => expectedValue < 0
        ? $"Its expected value is {expectedValue.ToString("C0", s_money)}: the models expect it to cost more than it saves."
        : null;
}
