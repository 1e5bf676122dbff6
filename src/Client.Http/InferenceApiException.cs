namespace Inference.Client;

/// <summary>The server answered with an OpenAI error body: its status, message, type, param and code.</summary>
public sealed class InferenceApiException(int statusCode, string message, string? type, string? param, string? code, TimeSpan? retryAfter = null)
    : Exception(message)
{
    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>error.type, e.g. invalid_request_error.</summary>
    public string? Type { get; } = type;

    /// <summary>error.param: the request field at fault, when there is one.</summary>
    public string? Param { get; } = param;

    /// <summary>error.code, e.g. context_length_exceeded.</summary>
    public string? Code { get; } = code;

    /// <summary>The server's Retry-After, when it sent one (429, 503).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The exception for an error body ({"error": {"message", "type", "param", "code"}}, or its inner object).</summary>
    public static InferenceApiException FromBody(int status, System.Text.Json.JsonElement body, TimeSpan? retryAfter) =>
        Protocol.ErrorBodyReader.Read(body) is { } error
            ? new InferenceApiException(status, error.Message, error.Type, error.Param, error.Code, retryAfter)
            : new InferenceApiException(status, $"HTTP {status}", null, null, null, retryAfter);
}
