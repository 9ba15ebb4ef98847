using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Web.Features.Shared;

/// <summary>A proposal's status in words (the enum's names ran together on screen: "AwaitingApproval", "RolledBack").</summary>
public static class StatusText
{
    public static string Of(ActionStatus status) => status switch
    {
        ActionStatus.AwaitingApproval => "Awaiting approval",
        // The UI's button and receipts say "Undo"; the status says what that did.
        ActionStatus.RolledBack => "Undone",
        _ => status.ToString(),
    };
}
