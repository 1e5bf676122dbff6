using System.Text.Json;
using Inference.Engine.Constraints;
using Inference.Engine.Decoding;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Engine.Templates;
using Inference.Engine.Tokenization;
using Inference.Pipeline;
using Inference.Pipeline.Requests;
using Inference.Pipeline.Sources;
using Inference.Selection;
using Inference.Verifiers;
using Microsoft.AspNetCore.Http;

namespace Inference.Server.Errors;

/// <summary>
/// The one place where exceptions become OpenAI errors. Request errors are recognised by type: every exception type
/// the libraries throw for bad input keeps its message and names its parameter (a 4xx); anything else is a server
/// fault, a 500 whose message carries only the request id (the details go to the log with that id). ErrorMappingTests
/// classifies every exception type declared in the Inference assemblies, so a new request-error type cannot fall
/// through to a 500 unnoticed.
/// </summary>
public static class ErrorMapping
{
    public static ApiException ToApiError(Exception exception, string requestId, int retryAfterSeconds) => exception switch
    {
        ApiException api => api,
        BadHttpRequestException bad => FromBadHttpRequest(bad),
        JsonException json => MalformedJson(json),
        InvalidRequestException r => ApiException.BadRequest(r.Parameter, Plain(r), r.Code),
        InvalidSamplingParameterException p => ApiException.BadRequest(p.Parameter, Plain(p)),
        ConstraintCompileException cc => ApiException.BadRequest("response_format", Plain(cc)),
        ContextLengthExceededException c => ApiException.BadRequest("messages", Plain(c), "context_length_exceeded"),
        RequestTooLargeException r => ApiException.BadRequest(r.Parameter, Plain(r)),
        PromptScoringNotSupportedException ps => ApiException.BadRequest("logprobs", ps.Message),
        TokenIdOutOfRangeException t => ApiException.BadRequest("prompt", Plain(t), "invalid_token_id"),
        EmptyPromptException e => ApiException.BadRequest("prompt", Plain(e)),
        QueueFullException q => new ApiException(429, ErrorTypes.RateLimit, q.Message, null, "queue_full") { RetryAfterSeconds = retryAfterSeconds },
        SchedulerStoppedException => new ApiException(503, ErrorTypes.Server, "The server is shutting down.", null, "shutting_down") { RetryAfterSeconds = retryAfterSeconds },
        // A backend refused the request itself (400/422): its status, and its message, param and code, said to come from it.
        UpstreamRequestRejectedException u => new ApiException(u.StatusCode == 422 ? 422 : 400, ErrorTypes.InvalidRequest,
            $"backend {u.Backend}: {u.BackendMessage}", u.Param, u.Code),
        SamplesUnavailableException su => new ApiException(503, ErrorTypes.Server, su.Message, null, "backends_unavailable") { RetryAfterSeconds = retryAfterSeconds },
        PipelineConfigurationException pc => ApiException.BadRequest(pc.Parameter, Plain(pc)),
        SelectionException s => ApiException.BadRequest("test_time_scaling", s.Message),
        InvalidVerifierConfigurationException v => ApiException.BadRequest("test_time_scaling.verifiers", v.Message),
        TemplateRaisedException tr => ApiException.BadRequest("messages", $"The chat template rejected the messages: {tr.Message}", "template_error"),
        TemplateRuntimeException or TemplateLimitException => ApiException.BadRequest("messages", $"The chat template could not render the messages: {exception.Message}", "template_error"),
        TokenizationException tk => ApiException.BadRequest("prompt", tk.Message),
        _ => new ApiException(500, ErrorTypes.Server, $"The server failed to process the request (request id {requestId}).", null, "internal_error"),
    };

    /// <summary>A body that does not parse (400 invalid_json, no param) or a field of the wrong type (400 invalid_type, naming it).</summary>
    public static ApiException MalformedJson(JsonException json)
    {
        var param = ParamFromJsonPath(json.Path);
        const string conversion = "The JSON value could not be converted to ";
        if (param is null && json.Message.StartsWith(conversion, StringComparison.Ordinal))
            return new ApiException(400, ErrorTypes.InvalidRequest, "The request body must be a JSON object.", null, "invalid_json");
        if (param is not null && json.Message.StartsWith(conversion, StringComparison.Ordinal))
        {
            var target = json.Message[conversion.Length..].Split(". Path:", 2)[0];
            return ApiException.BadRequest(param, $"Invalid type for '{param}': expected {Describe(target)}.", "invalid_type");
        }
        var detail = json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
        var where = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        return new ApiException(400, ErrorTypes.InvalidRequest, $"The request body is not valid JSON{where}: {detail}.", null, "invalid_json");
    }

    private static string Describe(string clrType) => clrType switch
    {
        _ when clrType.Contains("System.Double") || clrType.Contains("System.Single") || clrType.Contains("System.Decimal") => "a number",
        _ when clrType.Contains("System.Int32") || clrType.Contains("System.Int64") => "an integer",
        _ when clrType.Contains("System.Boolean") => "a boolean",
        _ when clrType.Contains("Dictionary") => "an object",
        _ when clrType.Contains("List") || clrType.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when clrType.Contains("System.String") => "a string",
        _ => "an object",
    };

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" .NET appends; the param travels separately.</summary>
    private static string Plain(ArgumentException ex) =>
        ex.ParamName is { } name && ex.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? ex.Message[..^$" (Parameter '{name}')".Length]
            : ex.Message;

    /// <summary>"$.messages[0].content" -> "messages[0].content"; "$" or none -> null.</summary>
    public static string? ParamFromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return p.Length == 0 ? null : p;
    }

    private static ApiException FromBadHttpRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json) return MalformedJson(json);
        return bad.StatusCode switch
        {
            413 => new ApiException(413, ErrorTypes.InvalidRequest, "The request body is too large.", null, "request_too_large"),
            415 => new ApiException(415, ErrorTypes.InvalidRequest, "The request body must be JSON (Content-Type: application/json).", null, "unsupported_media_type"),
            _ when bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase) || bad.Message.Contains("empty", StringComparison.OrdinalIgnoreCase)
                => new ApiException(400, ErrorTypes.InvalidRequest, "The request body is empty; send a JSON object.", null, "invalid_json"),
            _ => new ApiException(bad.StatusCode, ErrorTypes.InvalidRequest, "The request could not be read: " + bad.Message, null, "bad_request"),
        };
    }
}
