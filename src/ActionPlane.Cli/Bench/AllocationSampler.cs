using System.Diagnostics.Tracing;

namespace ActionPlane.Cli.Bench;

/// <summary>
/// Estimates how many objects were allocated, which .NET does not count. The runtime's
/// <c>GCAllocationTick</c> event fires about every 100 KB allocated and names the size of the
/// object that crossed the mark, so objects are sampled in proportion to their bytes; the object
/// count is then estimated as allocated bytes × mean(1 / sampled object size), an unbiased estimator.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private const int AllocationTickEventId = 10;
    private readonly object _lock = new();
    private double _inverseSizeSum;
    private int _samples;
    private bool _sizesSeen;
    private readonly Dictionary<string, int> _types = new(StringComparer.Ordinal);

    public int Samples
    {
        get
        {
            lock (_lock)
            {
                return _samples;
            }
        }
    }

    /// <summary>The estimated object count for <paramref name="bytes"/> allocated; null when too few samples arrived.</summary>
    public double? EstimateObjects(long bytes)
    {
        lock (_lock)
        {
            return _sizesSeen && _samples >= 10 ? bytes * (_inverseSizeSum / _samples) : null;
        }
    }

    /// <summary>The most sampled types with their share of allocated bytes (samples are byte-weighted).</summary>
    public IReadOnlyList<(string Type, double ShareOfBytes)> TopTypes(int count)
    {
        lock (_lock)
        {
            var total = Math.Max(1, _types.Values.Sum());
            return _types.OrderByDescending(t => t.Value).Take(count).Select(t => (t.Key, t.Value / (double)total)).ToList();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("ObjectSize");
        if (index < 0 || eventData.Payload?[index] is not { } raw)
        {
            return;
        }

        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var typeName = typeIndex >= 0 ? eventData.Payload?[typeIndex] as string ?? "?" : "?";
        var size = Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture);
        if (size <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _sizesSeen = true;
            _inverseSizeSum += 1 / size;
            _samples++;
            _types[typeName] = _types.GetValueOrDefault(typeName) + 1;
        }
    }
}
