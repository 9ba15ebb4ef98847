namespace ActionPlane.Policies;

/// <summary>Evaluating a policy document failed (conflict, type error, time limit, ...); <see cref="Code"/> is OPA's error code.</summary>
public sealed class PolicyEvaluationException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
