namespace Inference.Server.Errors;

/// <summary>A failure with its OpenAI error fields and HTTP status; the message is safe to show to the client.</summary>
public sealed class ApiException(int status, string type, string message, string? param = null, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>Seconds for the Retry-After header (429, 503), or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>A 400 naming the parameter; code "invalid_value" unless a more specific one is given.</summary>
    public static ApiException BadRequest(string param, string message, string? code = null) =>
        new(400, ErrorTypes.InvalidRequest, message, param, code ?? "invalid_value");

    public static ApiException ModelNotFound(string model, IEnumerable<string> served) =>
        new(404, ErrorTypes.InvalidRequest,
            $"The model '{model}' does not exist. Served models: {string.Join(", ", served)}.", "model", "model_not_found");

    public static ApiException NotReady(string what) =>
        new(503, ErrorTypes.Server, $"{what} is not ready yet; retry shortly.", null, "model_not_ready") { RetryAfterSeconds = 1 };
}

/// <summary>OpenAI error type strings.</summary>
public static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
    public const string Timeout = "timeout_error";
}
