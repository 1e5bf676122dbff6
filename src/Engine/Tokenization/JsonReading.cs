using System.Text.Json;

namespace Inference.Engine.Tokenization;

/// <summary>Typed accessors over tokenizer.json elements that fail with a <see cref="TokenizerFormatException"/>.</summary>
internal readonly struct JsonReading(string? filePath)
{
    public string? FilePath { get; } = filePath;

    public TokenizerFormatException Error(string message) => new(message, FilePath);

    public UnsupportedTokenizerComponentException Unsupported(string kind, string type, string? detail = null) =>
        new(kind, type, FilePath, detail);

    public static bool IsNull(JsonElement element) =>
        element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && !IsNull(value))
        {
            return true;
        }
        value = default;
        return false;
    }

    public string TypeOf(JsonElement obj, string kind)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw Error($"{kind} has no \"type\" field");
        }
        return type.GetString()!;
    }

    public string String(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw Error($"expected string field \"{name}\"");
        }
        return value.GetString()!;
    }

    public string? OptionalString(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error($"field \"{name}\" must be a string");
    }

    /// <summary>A string field, or null when absent or of another kind (for informational fields).</summary>
    public string? OptionalStringLenient(JsonElement obj, string name) =>
        TryGet(obj, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool Bool(JsonElement obj, string name, bool fallback)
    {
        if (!TryGet(obj, name, out var value))
        {
            return fallback;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"field \"{name}\" must be a boolean"),
        };
    }

    public int Int(JsonElement obj, string name, int fallback)
    {
        if (!TryGet(obj, name, out var value))
        {
            return fallback;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Error($"field \"{name}\" must be an integer");
    }

    public JsonElement TryGetOrThrow(JsonElement obj, string name) =>
        TryGet(obj, name, out var value) ? value : throw Error($"missing field \"{name}\"");

    public JsonElement Array(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw Error($"expected array field \"{name}\"");
        }
        return value;
    }
}
