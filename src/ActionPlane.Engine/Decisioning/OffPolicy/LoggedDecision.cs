namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>
/// One logged decision for off-policy evaluation: the context it was made in, the action taken
/// (null = no action), the logging policy's propensity of that action, and the reward observed.
/// </summary>
/// <typeparam name="TContext">Whatever the target policy and reward model need (e.g. features).</typeparam>
public sealed record LoggedDecision<TContext>(TContext Context, string? Action, double Propensity, double Reward);
