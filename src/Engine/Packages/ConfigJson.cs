using System.Text.Json;

namespace Inference.Engine.Packages;

/// <summary>Lenient readers for the JSON config files of model folders (values of the wrong kind read as absent).</summary>
internal static class ConfigJson
{
    public static JsonDocument? Open(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ModelPackageException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    public static JsonElement? Child(this JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind != JsonValueKind.Null
            ? child : null;

    public static JsonElement? Child(this JsonElement? element, string name) => element?.Child(name);

    public static int? Int(this JsonElement? element, string name)
        => element.Child(name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var v) ? v : null;

    public static double? Double(this JsonElement? element, string name)
        => element.Child(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : null;

    public static bool? Bool(this JsonElement? element, string name)
        => element.Child(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } b ? b.GetBoolean() : null;

    public static string? String(this JsonElement? element, string name)
        => element.Child(name) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    /// <summary>An id or a list of ids (eos_token_id is either).</summary>
    public static IReadOnlyList<int> Ints(this JsonElement? element, string name) => element.Child(name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var v) => [v],
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32()).ToArray(),
        _ => [],
    };
}
