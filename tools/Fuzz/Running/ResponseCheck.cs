using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Inference.Fuzz.Running;

/// <summary>
/// What every answer must be, whatever the body: never a 5xx; a 4xx is JSON with the OpenAI error body
/// ({"error": {"message": non-empty, "type", ...}}), a 429 also carries Retry-After; a 2xx is a JSON document, or an
/// event stream (read by System.Net.ServerSentEvents) whose events are JSON, that holds no error event and ends with
/// [DONE]. Null means the answer is fine.
/// </summary>
public static class ResponseCheck
{
    public static string? Problem(int status, string? mediaType, bool hasRetryAfter, byte[] body)
    {
        if (status >= 500) return $"server error {status}: {Excerpt(body)}";
        if (status is >= 400 and < 500)
        {
            if (status == 429 && !hasRetryAfter) return "429 without Retry-After";
            return ErrorBody(body, mediaType);
        }
        if (status is >= 200 and < 300)
            return mediaType == "text/event-stream" ? Stream(body) : Json(body);
        return $"unexpected status {status}";
    }

    private static string? ErrorBody(byte[] body, string? mediaType)
    {
        if (mediaType != "application/json") return $"error answered as {mediaType ?? "(no content type)"}: {Excerpt(body)}";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                return $"error without the OpenAI error object: {Excerpt(body)}";
            if (!error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(message.GetString()))
                return $"error without a message: {Excerpt(body)}";
            if (!error.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                return $"error without a type: {Excerpt(body)}";
            return null;
        }
        catch (JsonException)
        {
            return $"error body is not JSON: {Excerpt(body)}";
        }
    }

    private static string? Json(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? null : $"2xx body is not a JSON object: {Excerpt(body)}";
        }
        catch (JsonException ex)
        {
            return $"2xx body is not JSON ({ex.Message}): {Excerpt(body)}";
        }
    }

    private static string? Stream(byte[] body)
    {
        var done = false;
        foreach (var item in SseParser.Create(new MemoryStream(body)).Enumerate())
        {
            if (done) return "an event after [DONE]";
            if (item.Data == "[DONE]")
            {
                done = true;
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(item.Data);
                if (doc.RootElement.TryGetProperty("error", out _)) return $"error inside a started stream: {Truncate(item.Data)}";
            }
            catch (JsonException)
            {
                return $"stream event is not JSON: {Truncate(item.Data)}";
            }
        }
        return done ? null : "stream ended without [DONE]";
    }

    public static string Excerpt(byte[] body) => Truncate(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400)));

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
