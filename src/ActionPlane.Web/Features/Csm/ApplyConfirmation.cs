using System.Globalization;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Web.Features.Csm;

/// <summary>The question a CSM answers before an action takes effect, with the models' warning when it is expected to lose money.</summary>
public static class ApplyConfirmation
{
    private static readonly CultureInfo s_money = CultureInfo.GetCultureInfo("en-US");

    public static string Message(ProposalView proposal, string? accountName)
    {
        var text = $"{proposal.Title} for {accountName}. The change takes effect now; you can undo it from this card afterwards.";
        // The alternatives below the engine's pick are applicable too; one with a negative expected value deserves a second look.
        return proposal.Scores.ExpectedValue < 0
            ? text + $" Its expected value is {proposal.Scores.ExpectedValue.ToString("C0", s_money)}: the models expect it to cost more than it saves."
            : text;
    }
}
