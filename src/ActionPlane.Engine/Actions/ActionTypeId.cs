namespace ActionPlane.Engine.Actions;

/// <summary>Names a kind of action from the catalog, e.g. <c>schedule_nudge</c>.</summary>
public readonly record struct ActionTypeId(string Value)
{
    public override string ToString() => Value;
}
