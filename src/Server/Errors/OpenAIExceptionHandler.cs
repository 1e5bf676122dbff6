using System.Text.Json;
using Inference.Server.Options;
using Inference.Protocol;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Inference.Server.Errors;

/// <summary>Turns any exception that escapes an endpoint into an OpenAI error body; never writes a stack trace.</summary>
public sealed class OpenAIExceptionHandler(ILogger<OpenAIExceptionHandler> logger, IOptions<SchedulerLimitsOptions> scheduler) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
            return true; // The client is gone; there is no one to answer.
        var error = ErrorMapping.ToApiError(exception, context.TraceIdentifier, scheduler.Value.RetryAfterSeconds);
        // The request's own log line names the status and error code; the message is for whoever debugs a client.
        // Only the unexpected (500) is logged with its exception: a refusal, a full queue or a model that failed to
        // load is an answer the server meant to give, not a fault to trace on every request.
        if (error.Status == StatusCodes.Status500InternalServerError)
            logger.LogError(exception, "Request {RequestId} ({Method} {Path}) failed with {Status}", context.TraceIdentifier,
                context.Request.Method, context.Request.Path.Value, error.Status);
        else
            logger.LogDebug("Request {RequestId} rejected with {Status} ({Param}): {Message}", context.TraceIdentifier, error.Status, error.Param, error.Message);
        if (context.Response.HasStarted) return true;
        await ErrorWriter.WriteAsync(context, error, cancellationToken);
        return true;
    }
}

/// <summary>Writes an <see cref="ApiException"/> as a JSON response.</summary>
public static class ErrorWriter
{
    public static Task WriteAsync(HttpContext context, ApiException error, CancellationToken cancellationToken = default)
    {
        context.Items[typeof(ApiException)] = error;
        context.Response.Clear();
        context.Response.Headers[Hosting.RequestIdMiddleware.Header] = context.TraceIdentifier;
        context.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (error.Status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, ToBody(error), ProtocolJsonContext.Default.ErrorResponse, cancellationToken);
    }

    /// <summary>The error this request was answered with, if any (for its log line).</summary>
    public static ApiException? WrittenError(HttpContext context) => context.Items.TryGetValue(typeof(ApiException), out var error) ? error as ApiException : null;

    public static ErrorResponse ToBody(ApiException error) => new(new ErrorBody(error.Message, error.Type, error.Param, error.Code));
}
