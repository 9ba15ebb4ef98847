using ActionPlane.Engine.Proposals;
using ActionPlane.Web.Features.Shared;

namespace ActionPlane.Web.Features.Csm;

/// <summary>The question a CSM answers before an action takes effect, with the models' warning when it is expected to lose money.</summary>
public static class ApplyConfirmation
{
    public static string Message(ProposalView proposal, string? accountName)
    {
        var text = $"{proposal.Title} for {accountName}. The change takes effect now; you can undo it from this card afterwards.";
        // The alternatives below the engine's pick are applicable too; one with a negative expected value deserves a second look.
        return ExpectedValueWarning.For(proposal.Scores.ExpectedValue) is { } warning ? $"{text} {warning}" : text;
    }
}
