using System.Text.Json;

namespace Inference.Engine.Tokenization.PostProcessors;

/// <summary>
/// Puts fixed ids before and after the sequence. Serves TemplateProcessing (the "single" template, e.g.
/// <c>&lt;s&gt; $A</c>) and the fixed cls/sep shapes of RobertaProcessing and BertProcessing.
/// </summary>
internal sealed class TemplatePostProcessor(int[] before, int[] after) : IPostProcessor
{
    public void Process(List<int> ids, int start)
    {
        ids.InsertRange(start, before);
        ids.AddRange(after);
    }

    public static TemplatePostProcessor FromTemplate(JsonElement element, JsonReading json)
    {
        var specialTokens = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (JsonReading.TryGet(element, "special_tokens", out var special) && special.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in special.EnumerateObject())
            {
                specialTokens[entry.Name] = json.Array(entry.Value, "ids").EnumerateArray().Select(id => id.GetInt32()).ToArray();
            }
        }
        var before = new List<int>();
        var after = new List<int>();
        var seenSequence = false;
        foreach (var item in json.Array(element, "single").EnumerateArray())
        {
            if (JsonReading.TryGet(item, "Sequence", out var sequence))
            {
                if (json.String(sequence, "id") != "A" || seenSequence)
                {
                    throw json.Unsupported("post_processor", "TemplateProcessing", "a single template must hold sequence A once");
                }
                seenSequence = true;
            }
            else if (JsonReading.TryGet(item, "SpecialToken", out var token))
            {
                var name = json.String(token, "id");
                if (!specialTokens.TryGetValue(name, out var ids))
                {
                    throw json.Error($"TemplateProcessing names special token '{name}' that it does not define");
                }
                (seenSequence ? after : before).AddRange(ids);
            }
            else
            {
                throw json.Unsupported("post_processor", "TemplateProcessing", "unknown template item");
            }
        }
        return new TemplatePostProcessor(before.ToArray(), after.ToArray());
    }

    public static TemplatePostProcessor FromClsSep(JsonElement element, JsonReading json)
    {
        static int IdOf(JsonElement pair, JsonReading json) =>
            pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2 && pair[1].TryGetInt32(out var id)
                ? id
                : throw json.Error("cls/sep must be [token, id]");
        return new TemplatePostProcessor(
            [IdOf(json.TryGetOrThrow(element, "cls"), json)],
            [IdOf(json.TryGetOrThrow(element, "sep"), json)]);
    }
}
