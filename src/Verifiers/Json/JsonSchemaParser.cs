using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inference.Verifiers;

/// <summary>
/// Parses and checks a schema in the supported subset up front, so a bad schema fails when the verifier is built
/// (<see cref="InvalidJsonSchemaException"/> naming the location, e.g. <c>#/properties/age/minimum</c>), never while
/// candidates are being judged.
/// </summary>
public static class JsonSchemaParser
{
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "id", "title", "description", "default", "examples", "$comment", "format",
    };

    private static readonly Dictionary<string, JsonTypes> TypeNames = new(StringComparer.Ordinal)
    {
        ["object"] = JsonTypes.Object,
        ["array"] = JsonTypes.Array,
        ["string"] = JsonTypes.String,
        ["number"] = JsonTypes.Number,
        ["integer"] = JsonTypes.Integer,
        ["boolean"] = JsonTypes.Boolean,
        ["null"] = JsonTypes.Null,
    };

    public static JsonSchema Parse(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(schemaJson, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            throw new InvalidJsonSchemaException("#", $"the schema is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    public static JsonSchema Parse(JsonElement schema) => ParseNode(schema, "#");

    private static JsonSchema ParseNode(JsonElement node, string path)
    {
        if (node.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return new JsonSchema { Constant = node.GetBoolean() };
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidJsonSchemaException(path, $"a schema must be an object or a boolean, got {node.ValueKind}");
        }

        var types = JsonTypes.None;
        Dictionary<string, JsonSchema>? properties = null;
        List<string>? required = null;
        bool? additional = null;
        List<JsonElement>? enumValues = null;
        JsonElement? constValue = null;
        JsonSchema? items = null;
        double? minimum = null, maximum = null, exclusiveMinimum = null, exclusiveMaximum = null;
        int? minLength = null, maxLength = null, minItems = null, maxItems = null;
        Regex? pattern = null;

        foreach (var keyword in node.EnumerateObject())
        {
            var at = $"{path}/{keyword.Name}";
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    types = ParseType(value, at);
                    break;
                case "properties":
                    RequireKind(value, JsonValueKind.Object, at, "an object of schemas");
                    properties = value.EnumerateObject().ToDictionary(p => p.Name, p => ParseNode(p.Value, $"{at}/{p.Name}"), StringComparer.Ordinal);
                    break;
                case "required":
                    required = ParseStringArray(value, at);
                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        throw new InvalidJsonSchemaException(at, "only true/false is supported, not a schema");
                    }

                    RequireBoolean(value, at);
                    additional = value.GetBoolean();
                    break;
                case "enum":
                    RequireKind(value, JsonValueKind.Array, at, "a non-empty array");
                    enumValues = value.EnumerateArray().Select(e => e.Clone()).ToList();
                    if (enumValues.Count == 0)
                    {
                        throw new InvalidJsonSchemaException(at, "must be a non-empty array");
                    }

                    break;
                case "const":
                    constValue = value.Clone();
                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        throw new InvalidJsonSchemaException(at, "tuple form (an array of schemas) is not supported; give one schema");
                    }

                    items = ParseNode(value, at);
                    break;
                case "minimum":
                    minimum = ParseNumber(value, at);
                    break;
                case "maximum":
                    maximum = ParseNumber(value, at);
                    break;
                case "exclusiveMinimum":
                    exclusiveMinimum = ParseExclusive(value, at);
                    break;
                case "exclusiveMaximum":
                    exclusiveMaximum = ParseExclusive(value, at);
                    break;
                case "minLength":
                    minLength = ParseCount(value, at);
                    break;
                case "maxLength":
                    maxLength = ParseCount(value, at);
                    break;
                case "minItems":
                    minItems = ParseCount(value, at);
                    break;
                case "maxItems":
                    maxItems = ParseCount(value, at);
                    break;
                case "pattern":
                    pattern = ParsePattern(value, at);
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new InvalidJsonSchemaException(at, $"keyword '{keyword.Name}' is not supported by this validator");
                    }

                    break;
            }
        }

        CheckRange(minimum, maximum, path, "minimum", "maximum");
        CheckRange(minLength, maxLength, path, "minLength", "maxLength");
        CheckRange(minItems, maxItems, path, "minItems", "maxItems");
        if (required is not null && additional == false && properties is not null)
        {
            var impossible = required.FirstOrDefault(r => !properties.ContainsKey(r));
            if (impossible is not null)
            {
                throw new InvalidJsonSchemaException(path, $"'{impossible}' is required but not in properties while additionalProperties is false");
            }
        }

        return new JsonSchema
        {
            Types = types,
            Properties = properties,
            Required = required,
            AdditionalProperties = additional,
            Enum = enumValues,
            Const = constValue,
            Items = items,
            Minimum = minimum,
            Maximum = maximum,
            ExclusiveMinimum = exclusiveMinimum,
            ExclusiveMaximum = exclusiveMaximum,
            MinLength = minLength,
            MaxLength = maxLength,
            MinItems = minItems,
            MaxItems = maxItems,
            Pattern = pattern,
        };
    }

    private static JsonTypes ParseType(JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TypeName(value.GetString()!, at);
        }

        RequireKind(value, JsonValueKind.Array, at, "a type name or a non-empty array of type names");
        var names = ParseStringArray(value, at);
        if (names.Count == 0)
        {
            throw new InvalidJsonSchemaException(at, "must list at least one type");
        }

        return names.Aggregate(JsonTypes.None, (all, name) => all | TypeName(name, at));
    }

    private static JsonTypes TypeName(string name, string at) =>
        TypeNames.TryGetValue(name, out var type)
            ? type
            : throw new InvalidJsonSchemaException(at, $"unknown type '{name}' (known: {string.Join(", ", TypeNames.Keys)})");

    private static List<string> ParseStringArray(JsonElement value, string at)
    {
        RequireKind(value, JsonValueKind.Array, at, "an array of strings");
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            RequireKind(item, JsonValueKind.String, at, "an array of strings");
            var s = item.GetString()!;
            if (list.Contains(s))
            {
                throw new InvalidJsonSchemaException(at, $"'{s}' is listed twice");
            }

            list.Add(s);
        }

        return list;
    }

    private static double ParseNumber(JsonElement value, string at)
    {
        RequireKind(value, JsonValueKind.Number, at, "a number");
        return value.GetDouble();
    }

    private static double ParseExclusive(JsonElement value, string at)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            throw new InvalidJsonSchemaException(at, "the draft-4 boolean form is not supported; give the bound as a number");
        }

        return ParseNumber(value, at);
    }

    private static int ParseCount(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 0)
        {
            throw new InvalidJsonSchemaException(at, $"must be a non-negative integer, got {value.GetRawText()}");
        }

        return count;
    }

    private static Regex ParsePattern(JsonElement value, string at)
    {
        RequireKind(value, JsonValueKind.String, at, "a regular expression string");
        try
        {
            return new Regex(value.GetString()!, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidJsonSchemaException(at, $"invalid regular expression: {ex.Message}");
        }
    }

    private static void RequireKind(JsonElement value, JsonValueKind kind, string at, string what)
    {
        if (value.ValueKind != kind)
        {
            throw new InvalidJsonSchemaException(at, $"must be {what}, got {value.ValueKind}");
        }
    }

    private static void RequireBoolean(JsonElement value, string at)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new InvalidJsonSchemaException(at, $"must be true or false, got {value.ValueKind}");
        }
    }

    private static void CheckRange<T>(T? low, T? high, string path, string lowName, string highName)
        where T : struct, IComparable<T>
    {
        if (low is { } l && high is { } h && l.CompareTo(h) > 0)
        {
            throw new InvalidJsonSchemaException(path, $"{lowName} {l} is greater than {highName} {h}");
        }
    }
}
