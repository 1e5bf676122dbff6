using System.Text.Json.Nodes;

namespace Inference.LoadTest.Workload;

/// <summary>
/// The default traffic: arithmetic prompts (what the bundled model answers) as plain chat, chat with n = 4, streamed
/// chat, and chat with test_time_scaling (majority over 4 samples; best-of-majority over 8, streamed).
/// </summary>
public static class BuiltInMix
{
    private static readonly string[] Prompts =
    [
        "Compute 74-64-94.", "Compute 83+90-58+7.", "Compute 12*7-30.", "Compute 45+38-19.", "Compute 9*8+66-41.",
        "Compute 57-23+88.", "Compute 6*9-17+4.", "Compute 91-45-12+30.",
    ];

    public static IReadOnlyList<RequestTemplate> Create(int maxTokens)
    {
        var prompt = 0;
        JsonObject Chat(JsonObject? extra = null)
        {
            var body = new JsonObject
            {
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Prompts[prompt++ % Prompts.Length] }),
                ["max_tokens"] = maxTokens,
                ["temperature"] = 1.0,
            };
            foreach (var (key, value) in extra ?? []) body[key] = value?.DeepClone();
            return body;
        }

        const string chat = "/v1/chat/completions";
        return
        [
            new("chat", chat, Chat(), 4),
            new("chat_n4", chat, Chat(new JsonObject { ["n"] = 4 }), 2),
            new("chat_stream", chat, Chat(new JsonObject { ["stream"] = true }), 2),
            new("tts_majority4", chat, Chat(new JsonObject
            {
                ["test_time_scaling"] = new JsonObject { ["strategy"] = "majority", ["samples"] = 4 },
            }), 1),
            new("tts_bom8_stream", chat, Chat(new JsonObject
            {
                ["stream"] = true,
                ["test_time_scaling"] = new JsonObject { ["strategy"] = "best_of_majority", ["samples"] = 8 },
            }), 1),
        ];
    }
}
