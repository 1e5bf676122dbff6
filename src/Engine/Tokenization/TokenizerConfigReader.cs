using System.Text.Json;

namespace Inference.Engine.Tokenization;

/// <summary>Reads tokenizer_config.json and special_tokens_map.json; token values may be strings or {"content": ...}.</summary>
internal static class TokenizerConfigReader
{
    private static readonly string[] NamedTokens = ["bos_token", "eos_token", "pad_token", "unk_token"];

    public sealed record Result(TokenizerConfig Config, IReadOnlyDictionary<string, string> NamedSpecialTokens, IReadOnlyList<string> Additional);

    /// <param name="config">tokenizer_config.json, or default when absent.</param>
    /// <param name="specialTokensMap">special_tokens_map.json, or default when absent; fills what the config leaves out.</param>
    public static Result Read(JsonElement config, JsonReading configJson, JsonElement specialTokensMap, JsonReading mapJson)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in NamedTokens)
        {
            var value = TokenText(config, name, configJson) ?? TokenText(specialTokensMap, name, mapJson);
            if (value is not null)
            {
                named[name] = value;
            }
        }
        var additional = TokenList(config, "additional_special_tokens", configJson)
            ?? TokenList(specialTokensMap, "additional_special_tokens", mapJson)
            ?? [];

        string? chatTemplate = null;
        var namedTemplates = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonReading.TryGet(config, "chat_template", out var template))
        {
            if (template.ValueKind == JsonValueKind.String)
            {
                chatTemplate = template.GetString();
            }
            else if (template.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in template.EnumerateArray())
                {
                    namedTemplates[configJson.String(entry, "name")] = configJson.String(entry, "template");
                }
                namedTemplates.TryGetValue("default", out chatTemplate);
            }
        }
        long? maxLength = JsonReading.TryGet(config, "model_max_length", out var max) && max.ValueKind == JsonValueKind.Number
            ? (max.TryGetInt64(out var m) ? m : long.MaxValue)
            : null;
        var result = new TokenizerConfig(
            OptionalBool(config, "add_bos_token", configJson),
            OptionalBool(config, "add_eos_token", configJson),
            OptionalBool(config, "clean_up_tokenization_spaces", configJson),
            maxLength,
            configJson.OptionalStringLenient(config, "tokenizer_class"),
            chatTemplate,
            namedTemplates);
        return new Result(result, named, additional);
    }

    private static bool? OptionalBool(JsonElement obj, string name, JsonReading json) =>
        JsonReading.TryGet(obj, name, out _) ? json.Bool(obj, name, false) : null;

    private static string? TokenText(JsonElement obj, string name, JsonReading json)
    {
        if (!JsonReading.TryGet(obj, name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => json.String(value, "content"),
            _ => throw json.Error($"\"{name}\" must be a string or an object with \"content\""),
        };
    }

    private static List<string>? TokenList(JsonElement obj, string name, JsonReading json)
    {
        if (!JsonReading.TryGet(obj, name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        return value.EnumerateArray()
            .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : json.String(item, "content"))
            .ToList();
    }
}
