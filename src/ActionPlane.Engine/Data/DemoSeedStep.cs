namespace ActionPlane.Engine.Data;

/// <summary>The stages of a demo seeding a progress display can name, in the order they happen.</summary>
public enum DemoSeedStage
{
    Generating,
    Training,
    Replaying,
    Scoring,
}

/// <summary>Where a demo seeding is: its stage and, while replaying the history, weeks done of all weeks.</summary>
public sealed record DemoSeedStep(DemoSeedStage Stage, int WeeksDone = 0, int Weeks = 0);
