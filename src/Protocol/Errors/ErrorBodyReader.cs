using System.Text.Json;

namespace Inference.Protocol;

/// <summary>An error body's fields as a server wrote them.</summary>
public sealed record ErrorFields(string Message, string? Type, string? Param, string? Code);

/// <summary>
/// Reads an error body as OpenAI-compatible servers write it: OpenAI's <c>{"error": {"message", "type", "param",
/// "code"}}</c>, or those fields at the top level (vLLM's older bodies); a numeric code (llama.cpp's) reads as its
/// digits. Null when the body carries no message.
/// </summary>
public static class ErrorBodyReader
{
    public static ErrorFields? Read(JsonElement body)
    {
        var error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object
            ? inner
            : body;
        if (error.ValueKind != JsonValueKind.Object || Field(error, "message") is not { } message) return null;
        return new ErrorFields(message, Field(error, "type"), Field(error, "param"), Field(error, "code"));
    }

    private static string? Field(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
