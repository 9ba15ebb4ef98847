using System.Globalization;
using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ActionPlane.Engine.Actions;

/// <summary>
/// Validates payloads of one action type with NJsonSchema and rewrites its error kinds into sentences a
/// CSM or reviewer can act on ("percent: 75 is greater than the maximum 50").
/// </summary>
internal sealed class PayloadValidator(string type, JsonSchema schema, string? schemaText = null)
{
    private const string RootPath = "payload";
    private const int MaxEchoedLength = 60;

    // The parameterless JsonSchemaValidator constructor registers no format validators, so
    // "date-time", "date" and "email" would silently pass anything. The settings carry the defaults.
    private static readonly JsonSchemaValidatorSettings s_settings = new();

    // Most payloads (all the engine builds) are valid: a quick check on the JSON node settles those, and
    // NJsonSchema, with its error messages, runs for the rest.
    private readonly SchemaAcceptor? _acceptor = schemaText is null ? null : SchemaAcceptor.For(schemaText, s_settings);

    public IReadOnlyList<PayloadError> Validate(JsonNode? payload)
    {
        if (payload is not JsonObject)
        {
            return [new PayloadError(RootPath, $"{RootPath}: expected a JSON object with the fields of {type}, got {Describe(payload)}.")];
        }

        if (_acceptor?.Accepts(payload) == true)
        {
            return [];
        }

        JToken token;
        try
        {
            token = ToToken(payload);
        }
        catch (JsonReaderException e)
        {
            // Numbers are read as decimal (exact bounds and multipleOf); one past decimal's range (1e308) cannot be, and is no valid value of any field.
            var path = string.IsNullOrEmpty(e.Path) ? RootPath : e.Path;
            return [new PayloadError(path, $"{path}: the number is too large; no field of {type} accepts it.")];
        }

        var errors = new JsonSchemaValidator(s_settings).Validate(token, schema);
        return Flatten(errors)
            .Select(ToPayloadError)
            .Distinct()
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToArray();
    }

    // Dates stay strings: Newtonsoft would otherwise turn "2026-12-01" into a DateTime and the
    // format validators would judge its re-serialised form instead of what the caller sent.
    private static JToken ToToken(JsonNode payload)
    {
        using var reader = new JsonTextReader(new StringReader(payload.ToJsonString()))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        return JToken.ReadFrom(reader);
    }

    // Array items and map values report their problems as children; the children carry the precise path.
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            var children = error switch
            {
                ChildSchemaValidationError child => child.Errors.Values.SelectMany(v => v).ToList(),
                MultiTypeValidationError multi => multi.Errors.Values.SelectMany(v => v).ToList(),
                _ => [],
            };

            if (children.Count == 0)
            {
                yield return error;
            }
            else
            {
                foreach (var inner in Flatten(children))
                {
                    yield return inner;
                }
            }
        }
    }

    private PayloadError ToPayloadError(ValidationError error)
    {
        var path = PathOf(error);
        var value = error.Token;
        var s = error.Schema;
        var detail = error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"is not a field of {type}; allowed fields are {AllowedFields()}",
            ValidationErrorKind.StringExpected => $"expected a string, got {Describe(value)}",
            ValidationErrorKind.NumberExpected => $"expected a number, got {Describe(value)}",
            ValidationErrorKind.IntegerExpected => $"expected a whole number, got {Describe(value)}",
            ValidationErrorKind.BooleanExpected => $"expected true or false, got {Describe(value)}",
            ValidationErrorKind.ObjectExpected => $"expected an object, got {Describe(value)}",
            ValidationErrorKind.ArrayExpected => $"expected a list, got {Describe(value)}",
            ValidationErrorKind.NumberTooSmall => $"{Echo(value)} is less than the minimum {Format(s?.Minimum)}",
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => $"{Echo(value)} is greater than the maximum {Format(s?.Maximum)}",
            ValidationErrorKind.StringTooShort when s?.MinLength == 1 => "must not be empty",
            ValidationErrorKind.StringTooShort => $"is {Length(value)} characters long, shorter than the minimum {s?.MinLength}",
            ValidationErrorKind.StringTooLong => $"is {Length(value)} characters long, longer than the maximum {s?.MaxLength}",
            ValidationErrorKind.TooFewItems => $"has {Count(value)} items, fewer than the minimum {s?.MinItems}",
            ValidationErrorKind.TooManyItems => $"has {Count(value)} items, more than the maximum {s?.MaxItems}",
            ValidationErrorKind.TooManyProperties => $"has {Count(value)} fields, more than the maximum {s?.MaxProperties}",
            ValidationErrorKind.NotInEnumeration => $"{Echo(value)} is not one of {string.Join(", ", s?.Enumeration.Select(e => e?.ToString()) ?? [])}",
            ValidationErrorKind.PatternMismatch => $"{Echo(value)} contains characters that are not allowed (letters, digits and . _ : - only)",
            ValidationErrorKind.DateTimeExpected => $"{Echo(value)} is not a date-time with offset, such as 2026-11-23T10:00:00Z",
            ValidationErrorKind.DateExpected => $"{Echo(value)} is not a date such as 2026-11-23",
            ValidationErrorKind.EmailExpected => $"{Echo(value)} is not an e-mail address",
            _ => $"is not valid ({Humanize(error.Kind)})",
        };
        return new PayloadError(path, $"{path}: {detail}.");
    }

    private string AllowedFields() => string.Join(", ", schema.Properties.Keys);

    // NJsonSchema paths look like "#/items[2]" or "#/fields.sso_domain"; callers want "items[2]".
    // A missing property's error sits on the parent object, so its name is appended.
    private static string PathOf(ValidationError error)
    {
        var path = (error.Path ?? string.Empty).TrimStart('#').TrimStart('/').Replace('/', '.');
        if (error.Kind == ValidationErrorKind.PropertyRequired && error.Property is { Length: > 0 } property
            && !path.EndsWith(property, StringComparison.Ordinal))
        {
            path = path.Length == 0 ? property : $"{path}.{property}";
        }

        return path.Length == 0 ? RootPath : path;
    }

    private static string Echo(JToken? value)
    {
        if (value is null)
        {
            return "the value";
        }

        var text = value.Type == JTokenType.String
            ? JsonConvert.ToString(value.Value<string>())
            : value.ToString(Formatting.None);
        return text.Length <= MaxEchoedLength ? text : $"{text[..MaxEchoedLength]}…";
    }

    private static string Describe(JToken? value) => value?.Type switch
    {
        null or JTokenType.Null or JTokenType.Undefined => "null",
        JTokenType.String => $"the text {Echo(value)}",
        JTokenType.Integer or JTokenType.Float => $"the number {Echo(value)}",
        JTokenType.Boolean => Echo(value),
        JTokenType.Array => "a list",
        JTokenType.Object => "an object",
        _ => Echo(value),
    };

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "an object",
        _ => $"the value {value.ToJsonString()}",
    };

    private static int Length(JToken? value) => value?.Type == JTokenType.String ? value.Value<string>()!.Length : 0;

    private static int Count(JToken? value) => value switch
    {
        JArray array => array.Count,
        JObject obj => obj.Count,
        _ => 0,
    };

    private static string Format(decimal? number) => number?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string Humanize(ValidationErrorKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
