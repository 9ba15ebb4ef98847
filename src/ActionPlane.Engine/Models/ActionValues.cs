using System.Diagnostics.CodeAnalysis;

namespace ActionPlane.Engine.Models;

/// <summary>
/// A read-only map from action type to a value, over an array indexed by the action's ordinal in a
/// key list that every score of one batch shares: batch scoring fills one array per account
/// instead of building a dictionary per account. Serialises like any dictionary (a JSON object).
/// </summary>
public sealed class ActionValues<T> : IReadOnlyDictionary<string, T>
{
    private readonly IReadOnlyList<string> _keys;
    private readonly T[] _values;

    /// <param name="keys">The action types, distinct; shared, never copied.</param>
    /// <param name="values">One value per key, in key order; owned by this map from now on.</param>
    public ActionValues(IReadOnlyList<string> keys, T[] values)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (keys.Count != values.Length)
            throw new ArgumentException($"{keys.Count} keys but {values.Length} values.", nameof(values));
        _keys = keys;
        _values = values;
    }

    public T this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No value for action type '{key}'.");

    public IEnumerable<string> Keys => _keys;
    public IEnumerable<T> Values => _values;
    public int Count => _values.Length;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _values[index] : default;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
            yield return new KeyValuePair<string, T>(_keys[i], _values[i]);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    // A handful of action types: a linear scan beats hashing.
    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _keys.Count; i++)
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
                return i;
        return -1;
    }
}
