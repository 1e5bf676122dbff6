using System.Text.Json;

namespace Inference.Engine.Tokenization.PostProcessors;

internal static class PostProcessorFactory
{
    /// <summary>Returns null for no post-processor and for ByteLevel, which only adjusts offsets.</summary>
    public static IPostProcessor? Create(JsonElement element, JsonReading json)
    {
        if (JsonReading.IsNull(element))
        {
            return null;
        }
        var type = json.TypeOf(element, "post_processor");
        switch (type)
        {
            case "ByteLevel":
                return null;
            case "TemplateProcessing":
                return TemplatePostProcessor.FromTemplate(element, json);
            case "RobertaProcessing" or "BertProcessing":
                return TemplatePostProcessor.FromClsSep(element, json);
            case "Sequence":
                var steps = json.Array(element, "processors").EnumerateArray()
                    .Select(p => Create(p, json)).Where(p => p is not null).Select(p => p!).ToArray();
                return steps.Length == 0 ? null : new SequencePostProcessor(steps);
            default:
                throw json.Unsupported("post_processor", type);
        }
    }
}
