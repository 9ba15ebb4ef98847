namespace ActionPlane.Engine.Metrics;

/// <summary>How <see cref="ActionMetricsQuery"/> buckets the proposals of its period.</summary>
public enum MetricsGrouping
{
    /// <summary>One row per action type for the whole window (the autonomy rule's view).</summary>
    Window,
    /// <summary>One row per action type and ISO week (Monday to Monday, UTC) for charts.</summary>
    Week,
}
