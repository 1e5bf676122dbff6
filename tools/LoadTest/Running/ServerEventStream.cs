using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Inference.LoadTest.Running;

/// <summary>
/// Follows an OpenAI server-sent event stream, one event's data at a time (System.Net.ServerSentEvents parses the
/// stream): notes when the first content arrives and takes the usage from the final usage chunk. An "error" event or a
/// stream that ends without [DONE] is an error.
/// </summary>
public sealed class ServerEventStream
{
    public bool SawContent { get; private set; }

    public bool Done { get; private set; }

    public int? CompletionTokens { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Reads the stream to its end; <paramref name="firstContent"/> runs when the first content arrives.</summary>
    public async Task ReadAsync(Stream stream, Action firstContent, CancellationToken cancellationToken)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            if (Accept(item.Data)) firstContent();
    }

    /// <summary>Feeds one event's data; returns true when this event carried the first content.</summary>
    public bool Accept(string data)
    {
        if (data == "[DONE]")
        {
            Done = true;
            return false;
        }
        try
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                Error = error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                return false;
            }
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
                && usage.TryGetProperty("completion_tokens", out var tokens) && tokens.TryGetInt32(out var count))
                CompletionTokens = count;
            if (SawContent || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array) return false;
            foreach (var choice in choices.EnumerateArray())
            {
                var hasText = (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content)
                               && content.ValueKind == JsonValueKind.String && content.GetString()!.Length > 0)
                              || (choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.Length > 0);
                if (hasText)
                {
                    SawContent = true;
                    return true;
                }
            }
            return false;
        }
        catch (JsonException ex)
        {
            Error = $"malformed event: {ex.Message}";
            return false;
        }
    }
}
