namespace ActionPlane.Engine.Lifecycle;

/// <summary>What kind of refusal a lifecycle command ended in; the Web maps it to an HTTP status.</summary>
public enum LifecycleErrorKind
{
    /// <summary>No such proposal, nudge or account (404).</summary>
    NotFound,
    /// <summary>The request itself is wrong: bad payload, wrong state for the step (422).</summary>
    Invalid,
    /// <summary>The actor may not do this (403).</summary>
    Forbidden,
    /// <summary>Someone else changed the proposal first, or it was already applied (409).</summary>
    Conflict,
    /// <summary>The policy gate denied the step; <see cref="LifecycleException.Reasons"/> has its rules (403/422).</summary>
    PolicyDenied,
    /// <summary>The rollback token is forged, expired, used, for another proposal, or the target moved on (409/422).</summary>
    TokenRejected,
}

/// <summary>
/// A lifecycle step was refused and nothing changed. The message says what to do next; for policy
/// denials <see cref="Reasons"/> lists the gate's rules and messages.
/// </summary>
public sealed class LifecycleException : Exception
{
    public LifecycleException(LifecycleErrorKind kind, string message, IReadOnlyList<string>? reasons = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Reasons = reasons ?? [];
    }

    public LifecycleErrorKind Kind { get; }

    /// <summary>Machine-readable details, e.g. <c>frequency_cap.user_weekly: …</c> or schema errors by path.</summary>
    public IReadOnlyList<string> Reasons { get; }
}
