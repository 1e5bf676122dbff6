using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inference.Verifiers;

/// <summary>
/// A compiled schema in the supported JSON Schema subset: type (one or an array of types), properties, required,
/// additionalProperties (boolean), enum, const, items (one schema), minimum/maximum/exclusiveMinimum/
/// exclusiveMaximum (numbers), minLength/maxLength (code points), minItems/maxItems, pattern (unanchored search),
/// and boolean schemas. Annotations ($schema, $id, title, description, default, examples, $comment, format) are
/// ignored; any other keyword is rejected when parsing, so nothing is silently left unchecked.
/// Build one with <see cref="JsonSchemaParser.Parse(string)"/>.
/// </summary>
public sealed class JsonSchema
{
    private const int MaxViolations = 20;

    internal bool? Constant { get; init; }
    internal JsonTypes Types { get; init; }
    internal IReadOnlyDictionary<string, JsonSchema>? Properties { get; init; }
    internal IReadOnlyList<string>? Required { get; init; }
    internal bool? AdditionalProperties { get; init; }
    internal IReadOnlyList<JsonElement>? Enum { get; init; }
    internal JsonElement? Const { get; init; }
    internal JsonSchema? Items { get; init; }
    internal double? Minimum { get; init; }
    internal double? Maximum { get; init; }
    internal double? ExclusiveMinimum { get; init; }
    internal double? ExclusiveMaximum { get; init; }
    internal int? MinLength { get; init; }
    internal int? MaxLength { get; init; }
    internal int? MinItems { get; init; }
    internal int? MaxItems { get; init; }
    internal Regex? Pattern { get; init; }

    /// <summary>All violations (at most 20), empty when the instance is valid.</summary>
    public IReadOnlyList<SchemaViolation> Validate(JsonElement instance)
    {
        var violations = new List<SchemaViolation>();
        Check(instance, "$", violations);
        return violations;
    }

    private void Check(JsonElement value, string path, List<SchemaViolation> violations)
    {
        if (violations.Count >= MaxViolations)
        {
            return;
        }

        if (Constant is { } constant)
        {
            if (!constant)
            {
                violations.Add(new(path, "no value is allowed here (schema false)"));
            }

            return;
        }

        if (Types != JsonTypes.None && (Types & TypeOf(value)) == 0)
        {
            violations.Add(new(path, $"expected {Describe(Types)}, got {Describe(KindOf(value))}"));
            return;
        }

        if (Enum is not null && !Enum.Any(e => JsonValueEquality.AreEqual(e, value)))
        {
            violations.Add(new(path, $"value is not one of the {Enum.Count} allowed values"));
        }

        if (Const is { } expected && !JsonValueEquality.AreEqual(expected, value))
        {
            violations.Add(new(path, $"value must be {expected.GetRawText()}"));
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                CheckNumber(value.GetDouble(), path, violations);
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, path, violations);
                break;
            case JsonValueKind.Array:
                CheckArray(value, path, violations);
                break;
            case JsonValueKind.Object:
                CheckObject(value, path, violations);
                break;
        }
    }

    private void CheckNumber(double number, string path, List<SchemaViolation> violations)
    {
        if (Minimum is { } min && number < min)
        {
            violations.Add(new(path, $"{Format(number)} is less than the minimum {Format(min)}"));
        }

        if (Maximum is { } max && number > max)
        {
            violations.Add(new(path, $"{Format(number)} is greater than the maximum {Format(max)}"));
        }

        if (ExclusiveMinimum is { } xmin && number <= xmin)
        {
            violations.Add(new(path, $"{Format(number)} is not greater than the exclusive minimum {Format(xmin)}"));
        }

        if (ExclusiveMaximum is { } xmax && number >= xmax)
        {
            violations.Add(new(path, $"{Format(number)} is not less than the exclusive maximum {Format(xmax)}"));
        }
    }

    private void CheckString(string text, string path, List<SchemaViolation> violations)
    {
        var length = text.EnumerateRunes().Count();
        if (MinLength is { } min && length < min)
        {
            violations.Add(new(path, $"string of length {length} is shorter than minLength {min}"));
        }

        if (MaxLength is { } max && length > max)
        {
            violations.Add(new(path, $"string of length {length} is longer than maxLength {max}"));
        }

        if (Pattern is not null)
        {
            try
            {
                if (!Pattern.IsMatch(text))
                {
                    violations.Add(new(path, $"string does not match pattern '{Pattern}'"));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                violations.Add(new(path, $"pattern '{Pattern}' timed out"));
            }
        }
    }

    private void CheckArray(JsonElement array, string path, List<SchemaViolation> violations)
    {
        var count = array.GetArrayLength();
        if (MinItems is { } min && count < min)
        {
            violations.Add(new(path, $"array of {count} items has fewer than minItems {min}"));
        }

        if (MaxItems is { } max && count > max)
        {
            violations.Add(new(path, $"array of {count} items has more than maxItems {max}"));
        }

        if (Items is not null)
        {
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                Items.Check(item, $"{path}[{i++}]", violations);
            }
        }
    }

    private void CheckObject(JsonElement obj, string path, List<SchemaViolation> violations)
    {
        foreach (var name in Required ?? [])
        {
            if (!obj.TryGetProperty(name, out _))
            {
                violations.Add(new(path, $"missing required property '{name}'"));
            }
        }

        foreach (var property in obj.EnumerateObject())
        {
            var childPath = $"{path}.{property.Name}";
            if (Properties is not null && Properties.TryGetValue(property.Name, out var schema))
            {
                schema.Check(property.Value, childPath, violations);
            }
            else if (AdditionalProperties == false)
            {
                violations.Add(new(path, $"property '{property.Name}' is not allowed (additionalProperties is false)"));
            }
        }
    }

    private static JsonTypes TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonTypes.Object,
        JsonValueKind.Array => JsonTypes.Array,
        JsonValueKind.String => JsonTypes.String,
        JsonValueKind.Number => value.GetDouble() is var d && Math.Floor(d) == d && double.IsFinite(d)
            ? JsonTypes.Number | JsonTypes.Integer
            : JsonTypes.Number,
        JsonValueKind.True or JsonValueKind.False => JsonTypes.Boolean,
        _ => JsonTypes.Null,
    };

    private static JsonTypes KindOf(JsonElement value) =>
        TypeOf(value) is var t && t.HasFlag(JsonTypes.Integer) ? JsonTypes.Integer : t;

    private static string Describe(JsonTypes types) =>
        string.Join(" or ", System.Enum.GetValues<JsonTypes>()
            .Where(t => t != JsonTypes.None && types.HasFlag(t))
            .Select(t => t.ToString().ToLowerInvariant()));

    private static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
