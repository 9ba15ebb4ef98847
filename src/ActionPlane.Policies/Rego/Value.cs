namespace ActionPlane.Policies.Rego;

/// <summary>
/// An immutable Rego value. Values are totally ordered the way OPA orders them
/// (null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set) and compare by content.
/// </summary>
internal abstract class Value : IEquatable<Value>, IComparable<Value>
{
    public abstract int Rank { get; }

    /// <summary>OPA's type name for error messages and <c>type_name</c>.</summary>
    public abstract string TypeName { get; }

    public abstract int CompareSameRank(Value other);

    public int CompareTo(Value? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (ReferenceEquals(this, other))
        {
            return 0;
        }

        return Rank != other.Rank ? Rank.CompareTo(other.Rank) : CompareSameRank(other);
    }

    public abstract bool Equals(Value? other);

    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    public abstract override int GetHashCode();

    public override string ToString() => ValueJson.Serialize(this);

    public static readonly NullValue Null = NullValue.Instance;
    public static readonly BoolValue True = new(true);
    public static readonly BoolValue False = new(false);

    public static BoolValue Bool(bool b) => b ? True : False;

    public static NumberValue Num(long n) => n >= 0 && n < SmallInts.Length ? SmallInts[n] : new(Number.FromLong(n));

    // Array indexes and counts: shared instances instead of one allocation per iteration.
    private static readonly NumberValue[] SmallInts = [.. Enumerable.Range(0, 256).Select(i => new NumberValue(Number.FromLong(i)))];

    public static NumberValue Num(Number n) => new(n);

    public static StringValue Str(string s) => new(s);
}

internal sealed class NullValue : Value
{
    public static readonly NullValue Instance = new();

    private NullValue()
    {
    }

    public override int Rank => 0;
    public override string TypeName => "null";
    public override int CompareSameRank(Value other) => 0;
    public override bool Equals(Value? other) => other is NullValue;
    public override int GetHashCode() => 17;
}

internal sealed class BoolValue(bool value) : Value
{
    public bool Value { get; } = value;
    public override int Rank => 1;
    public override string TypeName => "boolean";
    public override int CompareSameRank(Value other) => Value.CompareTo(((BoolValue)other).Value);
    public override bool Equals(Value? other) => other is BoolValue b && b.Value == Value;
    public override int GetHashCode() => Value ? 1 : 2;
}

internal sealed class NumberValue(Number value, string? text = null) : Value
{
    public Number Value { get; } = value;

    /// <summary>
    /// The source spelling of a literal or JSON number written with a fraction or an exponent
    /// (<c>1.0</c>, <c>2e308</c>); null for integers and computed numbers. OPA keeps a number's
    /// text (a <c>json.Number</c>), and the text decides how <c>sprintf</c> and the JSON output print it.
    /// </summary>
    public string? Text { get; } = text;

    /// <summary>A number with its source text kept when that text is spelled as a float.</summary>
    public static NumberValue FromText(Number value, string text) =>
        new(value, text.AsSpan().IndexOfAny('.', 'e', 'E') >= 0 ? text : null);
    public override int Rank => 2;
    public override string TypeName => "number";
    public override int CompareSameRank(Value other) => Value.CompareTo(((NumberValue)other).Value);
    public override bool Equals(Value? other) => other is NumberValue n && n.Value.Equals(Value);
    public override int GetHashCode() => Value.GetHashCode();
}

internal sealed class StringValue(string value) : Value
{
    private int _hash;

    public string Value { get; } = value;
    public override int Rank => 3;
    public override string TypeName => "string";
    public override int CompareSameRank(Value other) => string.CompareOrdinal(Value, ((StringValue)other).Value);
    public override bool Equals(Value? other) => other is StringValue s && s.Value == Value;
    // Cached: object lookups hash the same key terms again and again.
    public override int GetHashCode() => _hash != 0 ? _hash : _hash = Value.GetHashCode(StringComparison.Ordinal) | 1;
}

internal sealed class ArrayValue(IReadOnlyList<Value> items) : Value
{
    private int _hash;

    public static readonly ArrayValue Empty = new([]);

    public IReadOnlyList<Value> Items { get; } = items;
    public int Count => Items.Count;
    public override int Rank => 4;
    public override string TypeName => "array";

    public override int CompareSameRank(Value other)
    {
        var o = ((ArrayValue)other).Items;
        for (var i = 0; i < Math.Min(Items.Count, o.Count); i++)
        {
            var c = Items[i].CompareTo(o[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return Items.Count.CompareTo(o.Count);
    }

    public override bool Equals(Value? other)
    {
        if (other is not ArrayValue a || a.Items.Count != Items.Count || a.GetHashCode() != GetHashCode())
        {
            return false;
        }

        for (var i = 0; i < Items.Count; i++)
        {
            if (!Items[i].Equals(a.Items[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = new HashCode();
            foreach (var item in Items)
            {
                h.Add(item.GetHashCode());
            }

            _hash = h.ToHashCode() | 1;
        }

        return _hash;
    }
}

internal sealed class ObjectValue : Value
{
    private readonly Dictionary<Value, Value> _map;
    private KeyValuePair<Value, Value>[]? _sorted;
    private int _hash;

    public static readonly ObjectValue Empty = new(new Dictionary<Value, Value>());

    public ObjectValue(Dictionary<Value, Value> map) => _map = map;

    public int Count => _map.Count;
    public IReadOnlyDictionary<Value, Value> Map => _map;
    public override int Rank => 5;
    public override string TypeName => "object";

    /// <summary>Entries ordered by key, as OPA iterates and prints them.</summary>
    public IReadOnlyList<KeyValuePair<Value, Value>> Sorted
    {
        get
        {
            if (_sorted is null)
            {
                var arr = _map.ToArray();
                Array.Sort(arr, (a, b) => a.Key.CompareTo(b.Key));
                _sorted = arr;
            }

            return _sorted;
        }
    }

    public Value? Get(Value key) => _map.TryGetValue(key, out var v) ? v : null;

    public Value? Get(string key) => Get(new StringValue(key));

    public override int CompareSameRank(Value other)
    {
        var a = Sorted;
        var b = ((ObjectValue)other).Sorted;
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = a[i].Key.CompareTo(b[i].Key);
            if (c != 0)
            {
                return c;
            }

            c = a[i].Value.CompareTo(b[i].Value);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    public override bool Equals(Value? other)
    {
        if (other is not ObjectValue o || o.Count != Count || o.GetHashCode() != GetHashCode())
        {
            return false;
        }

        foreach (var (k, v) in _map)
        {
            if (!o._map.TryGetValue(k, out var ov) || !ov.Equals(v))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = 0;
            foreach (var (k, v) in _map)
            {
                h ^= HashCode.Combine(k.GetHashCode(), v.GetHashCode());
            }

            _hash = h | 1;
        }

        return _hash;
    }
}

internal sealed class SetValue : Value
{
    private readonly HashSet<Value> _items;
    private Value[]? _sorted;
    private int _hash;

    public static readonly SetValue Empty = new(new HashSet<Value>());

    public SetValue(HashSet<Value> items) => _items = items;

    public SetValue(IEnumerable<Value> items) => _items = new HashSet<Value>(items);

    public int Count => _items.Count;
    public IReadOnlySet<Value> Items => _items;
    public override int Rank => 6;
    public override string TypeName => "set";

    public IReadOnlyList<Value> Sorted
    {
        get
        {
            if (_sorted is null)
            {
                var arr = _items.ToArray();
                Array.Sort(arr);
                _sorted = arr;
            }

            return _sorted;
        }
    }

    public bool Contains(Value v) => _items.Contains(v);

    public override int CompareSameRank(Value other)
    {
        var a = Sorted;
        var b = ((SetValue)other).Sorted;
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    public override bool Equals(Value? other) =>
        other is SetValue s && s.Count == Count && s.GetHashCode() == GetHashCode() && _items.SetEquals(s._items);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = 0;
            foreach (var v in _items)
            {
                h ^= v.GetHashCode() * 31;
            }

            _hash = h | 1;
        }

        return _hash;
    }
}
