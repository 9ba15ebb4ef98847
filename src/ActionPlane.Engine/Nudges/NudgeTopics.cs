namespace ActionPlane.Engine.Nudges;

/// <summary>
/// The names end users see for the action categories, on tips and in the preference center alike, so
/// "hide these" on a tip and the switch in Preferences name the same thing — and never the internal
/// ids ("retention" would tell a user the vendor thinks their team may leave).
/// </summary>
public static class NudgeTopics
{
    public static string Label(string category) => category switch
    {
        "onboarding" => "Getting started",
        "adoption" => "Features you have not tried",
        "retention" => "Staying on track",
        "pricing" => "Plans and offers",
        "support" => "Help and support",
        _ => "Other tips",
    };
}
