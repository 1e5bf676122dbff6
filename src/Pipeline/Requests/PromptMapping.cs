using System.Text.Json;
using Inference.Engine.Tokenization;
using Inference.Protocol;

namespace Inference.Pipeline.Requests;

/// <summary>The "prompt" field in its four OpenAI shapes: string, list of strings, token list, list of token lists.</summary>
public static class PromptMapping
{
    public static List<CompletionPrompt> ToPrompts(JsonElement? prompt, Tokenizer tokenizer, int vocabSize, int maxPrompts)
    {
        if (prompt is not { } p || p.ValueKind == JsonValueKind.Null) throw RequestValidation.Bad("prompt", "prompt is required.");
        List<CompletionPrompt> prompts;
        if (p.ValueKind == JsonValueKind.String) prompts = [FromText(p.GetString()!, "prompt", tokenizer)];
        else if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() == 0)
            throw RequestValidation.Bad("prompt", "prompt must be a string, a list of strings, a list of token ids or a list of token-id lists.");
        else
        {
            var items = p.EnumerateArray().ToList();
            if (items.All(e => e.ValueKind == JsonValueKind.String)) prompts = items.Select((e, i) => FromText(e.GetString()!, $"prompt[{i}]", tokenizer)).ToList();
            else if (items.All(e => e.ValueKind == JsonValueKind.Number)) prompts = [FromTokens(items, "prompt", tokenizer, vocabSize)];
            else if (items.All(e => e.ValueKind == JsonValueKind.Array))
                prompts = items.Select((e, i) => FromTokens(e.EnumerateArray().ToList(), $"prompt[{i}]", tokenizer, vocabSize)).ToList();
            else throw RequestValidation.Bad("prompt", "prompt lists must hold only strings, only token ids, or only token-id lists.");
        }
        if (prompts.Count > maxPrompts) throw RequestValidation.Bad("prompt", $"At most {maxPrompts} prompts per request; got {prompts.Count}.");
        return prompts;
    }

    private static CompletionPrompt FromText(string text, string param, Tokenizer tokenizer)
    {
        if (text.Length == 0) throw RequestValidation.Bad(param, "prompt must not be empty.");
        var tokens = tokenizer.Encode(text, addSpecialTokens: true);
        if (tokens.Length == 0)
            throw RequestValidation.Bad(param, "The prompt has no tokens: the model's tokenizer keeps none of its characters. Send text the model can read.");
        return new CompletionPrompt(text, tokens);
    }

    private static CompletionPrompt FromTokens(List<JsonElement> items, string param, Tokenizer tokenizer, int vocabSize)
    {
        if (items.Count == 0) throw RequestValidation.Bad(param, "A token-id prompt must not be empty.");
        var ids = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.Number || !items[i].TryGetInt32(out ids[i]))
                throw RequestValidation.Bad(param, $"Token ids must be integers; item {i} is {items[i].GetRawText()}.");
            if (ids[i] < 0 || ids[i] >= vocabSize)
                throw RequestValidation.Bad(param, $"Token id {ids[i]} is outside the model's vocabulary (0..{vocabSize - 1}).", "invalid_token_id");
        }
        return new CompletionPrompt(tokenizer.Decode(ids), ids);
    }
}
