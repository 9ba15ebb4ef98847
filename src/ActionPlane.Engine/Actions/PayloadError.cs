namespace ActionPlane.Engine.Actions;

/// <summary>
/// One reason a payload does not match its action type's schema. <see cref="Path"/> points into the
/// payload (<c>percent</c>, <c>items[2]</c>, <c>fields.sso_domain</c>); <see cref="Message"/> is a
/// sentence a person can act on.
/// </summary>
public sealed record PayloadError(string Path, string Message)
{
    public override string ToString() => Message;
}
