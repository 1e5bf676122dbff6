using System.Text.Json;

namespace Inference.Engine.Tokenization.Models;

internal static class ModelFactory
{
    public static ITokenizerModel Create(JsonElement model, JsonReading json, int cacheCapacity)
    {
        if (JsonReading.IsNull(model))
        {
            throw json.Error("tokenizer.json has no model");
        }
        // Old files omit the type of a BPE model; the presence of merges identifies it.
        var type = model.ValueKind == JsonValueKind.Object && model.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : model.ValueKind == JsonValueKind.Object && model.TryGetProperty("merges", out _) ? "BPE" : "(none)";
        return type switch
        {
            "BPE" => BpeModel.FromJson(model, json, cacheCapacity),
            "WordLevel" => WordLevelModel.FromJson(model, json),
            _ => throw json.Unsupported("model", type),
        };
    }
}
