using System.Text.Json;
using Inference.Server.Options;
using Inference.Server.Protocol;
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
        if (error.Status == 500)
            logger.LogError(exception, "Request {RequestId} ({Method} {Path}) failed with {Status}", context.TraceIdentifier,
                context.Request.Method, context.Request.Path.Value, error.Status);
        else if (error.Status > 500)
            logger.LogWarning("Request {RequestId} answered {Status} ({Code}): {Message}", context.TraceIdentifier, error.Status, error.Code, error.Message);
        else
            logger.LogInformation("Request rejected with {Status} ({Param}): {Message}", error.Status, error.Param, error.Message);
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
        context.Response.Clear();
        context.Response.Headers[Hosting.RequestIdMiddleware.Header] = context.TraceIdentifier;
        context.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (error.Status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, ToBody(error), ProtocolJsonContext.Default.ErrorResponse, cancellationToken);
    }

    public static ErrorResponse ToBody(ApiException error) => new(new ErrorBody(error.Message, error.Type, error.Param, error.Code));
}
