using Microsoft.AspNetCore.Diagnostics;

namespace Inference.Server.Errors;

/// <summary>Bodies for responses the framework ends without one (unknown route, wrong method).</summary>
public static class StatusCodeErrors
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var path = http.Request.Path.Value;
        ApiException error = http.Response.StatusCode switch
        {
            404 => new(404, ErrorTypes.InvalidRequest, $"Unknown route: {http.Request.Method} {path}.", null, "not_found"),
            405 => new(405, ErrorTypes.InvalidRequest, $"Method {http.Request.Method} is not allowed on {path}.", null, "method_not_allowed"),
            413 => new(413, ErrorTypes.InvalidRequest, "The request body is too large.", null, "request_too_large"),
            415 => new(415, ErrorTypes.InvalidRequest, "The request body must be JSON (Content-Type: application/json).", null, "unsupported_media_type"),
            var s => new(s, s >= 500 ? ErrorTypes.Server : ErrorTypes.InvalidRequest, $"The request failed with status {s}.", null, null),
        };
        return ErrorWriter.WriteAsync(http, error, http.RequestAborted);
    }
}
