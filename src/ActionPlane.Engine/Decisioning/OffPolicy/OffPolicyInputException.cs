namespace ActionPlane.Engine.Decisioning.OffPolicy;

/// <summary>A strategy or window a reviewer asked for that cannot be evaluated; <see cref="Field"/> names the input, and the message starts with it.</summary>
public sealed class OffPolicyInputException(string field, string message) : ArgumentException(message)
{
    public string Field { get; } = field;
}
