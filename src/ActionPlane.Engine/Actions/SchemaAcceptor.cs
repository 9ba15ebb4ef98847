using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;
using NJsonSchema.Validation.FormatValidators;

namespace ActionPlane.Engine.Actions;

/// <summary>
/// A quick "certainly valid" check of a payload against the catalog's schema keywords, on the
/// <see cref="JsonNode"/> itself. NJsonSchema needs the payload printed and re-read as a Newtonsoft token
/// and allocates paths and lists on the way; nearly every payload the engine builds is valid, so
/// <see cref="PayloadValidator"/> asks this first and runs NJsonSchema (with its error messages) only when
/// the answer is not a plain yes. It may say no to a valid payload, never yes to an invalid one: anything
/// it is unsure of (a keyword it does not know, a non-ASCII length, an unknown format) is a no.
/// </summary>
internal sealed class SchemaAcceptor
{
    private enum Kind { Object, Array, String, Integer, Number, Boolean }

    private static readonly HashSet<string> s_annotations = new(StringComparer.Ordinal) { "$schema", "title", "description", "x-actionplane" };

    private Kind _type;
    private Dictionary<string, SchemaAcceptor>? _properties;
    private string[] _required = [];
    private bool _additionalAllowed = true;
    private SchemaAcceptor? _additional;
    private int? _minLength;
    private int? _maxLength;
    private Regex? _pattern;
    private IFormatValidator[]? _formats;
    private HashSet<string>? _enum;
    private decimal? _minimum;
    private decimal? _maximum;
    private SchemaAcceptor? _items;
    private int? _minItems;
    private int? _maxItems;
    private int? _maxProperties;

    private SchemaAcceptor()
    {
    }

    /// <summary>The acceptor for a schema, or null when it uses anything this check does not cover (then NJsonSchema alone decides).</summary>
    public static SchemaAcceptor? For(string schemaText, JsonSchemaValidatorSettings settings)
    {
        // Property names are matched ordinally here; a validator that matches them otherwise decides alone.
        if (settings.PropertyStringComparer != StringComparer.Ordinal)
            return null;
        return JsonNode.Parse(schemaText) is JsonObject schema ? Compile(schema, settings) : null;
    }

    private static SchemaAcceptor? Compile(JsonObject schema, JsonSchemaValidatorSettings settings)
    {
        var a = new SchemaAcceptor();
        if (schema["type"] is not JsonValue type || !type.TryGetValue<string>(out var typeName))
            return null;
        switch (typeName)
        {
            case "object": a._type = Kind.Object; break;
            case "array": a._type = Kind.Array; break;
            case "string": a._type = Kind.String; break;
            case "integer": a._type = Kind.Integer; break;
            case "number": a._type = Kind.Number; break;
            case "boolean": a._type = Kind.Boolean; break;
            default: return null;
        }

        foreach (var (keyword, value) in schema)
        {
            var ok = keyword switch
            {
                "type" => true,
                _ when s_annotations.Contains(keyword) => true,
                "properties" => value is JsonObject props && Properties(a, props, settings),
                "required" => value is JsonArray names && Strings(names, out a._required),
                "additionalProperties" => Additional(a, value, settings),
                "minLength" => Int(value, out a._minLength),
                "maxLength" => Int(value, out a._maxLength),
                "pattern" => value is JsonValue p && p.TryGetValue<string>(out var pattern) && (a._pattern = new Regex(pattern, RegexOptions.None)) is not null,
                "format" => value is JsonValue f && f.TryGetValue<string>(out var format) && Formats(a, format, settings),
                "enum" => value is JsonArray values && Strings(values, out var members) && (a._enum = new HashSet<string>(members, StringComparer.Ordinal)) is not null,
                "minimum" => Decimal(value, out a._minimum),
                "maximum" => Decimal(value, out a._maximum),
                "items" => value is JsonObject item && (a._items = Compile(item, settings)) is not null,
                "minItems" => Int(value, out a._minItems),
                "maxItems" => Int(value, out a._maxItems),
                "maxProperties" => Int(value, out a._maxProperties),
                _ => false,
            };
            if (!ok)
                return null;
        }
        return a;
    }

    /// <summary>True when <paramref name="node"/> certainly satisfies the schema; false when it may not.</summary>
    public bool Accepts(JsonNode? node) => _type switch
    {
        Kind.Object => node is JsonObject o && AcceptsObject(o),
        Kind.Array => node is JsonArray array && AcceptsArray(array),
        Kind.String => node is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.TryGetValue<string>(out var text) && AcceptsString(text),
        Kind.Integer => node is JsonValue i && i.GetValueKind() == JsonValueKind.Number && IsPlainInteger(i) && InRange(i),
        Kind.Number => node is JsonValue n && n.GetValueKind() == JsonValueKind.Number && InRange(n),
        Kind.Boolean => node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        _ => false,
    };

    private bool AcceptsObject(JsonObject o)
    {
        if (_maxProperties is { } max && o.Count > max)
            return false;
        foreach (var name in _required)
        {
            if (!o.ContainsKey(name))
                return false;
        }
        foreach (var (name, value) in o)
        {
            if (_properties is not null && _properties.TryGetValue(name, out var property))
            {
                if (!property.Accepts(value))
                    return false;
            }
            else if (!_additionalAllowed || (_additional is not null && !_additional.Accepts(value)))
            {
                return false;
            }
        }
        return true;
    }

    private bool AcceptsArray(JsonArray array)
    {
        if ((_minItems is { } min && array.Count < min) || (_maxItems is { } max && array.Count > max))
            return false;
        return _items is null || array.All(_items.Accepts);
    }

    private bool AcceptsString(string text)
    {
        // Lengths in UTF-16 units and in text elements agree for ASCII; anything else is left to NJsonSchema.
        if ((_minLength is not null || _maxLength is not null) && text.AsSpan().ContainsAnyExceptInRange('\0', '\u007f'))
            return false;
        if ((_minLength is { } min && text.Length < min) || (_maxLength is { } max && text.Length > max))
            return false;
        if (_enum is not null && !_enum.Contains(text))
            return false;
        if (_pattern is not null && !_pattern.IsMatch(text))
            return false;
        return _formats is null || _formats.All(f => f.IsValid(text, JTokenType.String));
    }

    // JSON text with a fraction or exponent ("3.0", "1e2") is left to NJsonSchema's own reading of "integer".
    private static bool IsPlainInteger(JsonValue value) =>
        value.TryGetValue<int>(out _) || value.TryGetValue<long>(out _);

    private bool InRange(JsonValue value)
    {
        if (_minimum is null && _maximum is null)
            return true;
        if (!decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return false;
        return (_minimum is not { } min || number >= min) && (_maximum is not { } max || number <= max);
    }

    private static bool Properties(SchemaAcceptor a, JsonObject props, JsonSchemaValidatorSettings settings)
    {
        a._properties = new Dictionary<string, SchemaAcceptor>(StringComparer.Ordinal);
        foreach (var (name, schema) in props)
        {
            if (schema is not JsonObject s || Compile(s, settings) is not { } property)
                return false;
            a._properties[name] = property;
        }
        return true;
    }

    private static bool Additional(SchemaAcceptor a, JsonNode? value, JsonSchemaValidatorSettings settings)
    {
        switch (value)
        {
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                a._additionalAllowed = v.GetValueKind() == JsonValueKind.True;
                return true;
            case JsonObject schema:
                a._additional = Compile(schema, settings);
                return a._additional is not null;
            default:
                return false;
        }
    }

    private static bool Formats(SchemaAcceptor a, string format, JsonSchemaValidatorSettings settings)
    {
        a._formats = [.. settings.FormatValidators.Where(f => f.Format == format)];
        return a._formats.Length > 0;
    }

    private static bool Strings(JsonArray values, out string[] strings)
    {
        strings = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not JsonValue v || !v.TryGetValue<string>(out var s))
                return false;
            strings[i] = s;
        }
        return true;
    }

    private static bool Int(JsonNode? value, out int? result)
    {
        result = value is JsonValue v && v.TryGetValue<int>(out var i) && i >= 0 ? i : null;
        return result is not null;
    }

    private static bool Decimal(JsonNode? value, out decimal? result)
    {
        result = value is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : null;
        return result is not null;
    }
}
