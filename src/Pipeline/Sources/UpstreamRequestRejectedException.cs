namespace Inference.Pipeline.Sources;

/// <summary>
/// A backend answered a chunk with 400 or 422: the request itself is invalid there (its context length exceeded, a
/// logit_bias id outside its vocabulary...), so every other member would refuse it too. The pool neither redraws nor
/// counts it as the backend failing; the client gets the backend's status with its message, param and code.
/// </summary>
public sealed class UpstreamRequestRejectedException(string backend, int statusCode, string backendMessage, string? param, string? code)
    : Exception($"{backend} rejected the request ({statusCode}): {backendMessage}")
{
    /// <summary>The statuses that mean "this request is invalid", not "this backend is unwell" (404 may be a backend
    /// without the model, 408/429/5xx a busy or broken one: those are redrawn elsewhere).</summary>
    public static bool Rejects(int statusCode) => statusCode is 400 or 422;

    public string Backend { get; } = backend;

    public int StatusCode { get; } = statusCode;

    /// <summary>The error message from the backend's OpenAI error body (or its raw text).</summary>
    public string BackendMessage { get; } = backendMessage;

    public string? Param { get; } = param;

    public string? Code { get; } = code;
}
