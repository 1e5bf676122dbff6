using System.Diagnostics;
using Inference.Server.Metrics;
using Microsoft.AspNetCore.Routing;

namespace Inference.Server.Hosting;

/// <summary>
/// Gives every request an id (the client's X-Request-Id when it is a safe token, otherwise a new one), echoes it in
/// the X-Request-Id response header, opens a logging scope with it, and records the request's route, status and
/// duration in the metrics.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger, ServerMetrics metrics, RequestActivity activity)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = IsSafe(incoming) ? incoming : "req-" + Guid.NewGuid().ToString("N")[..20];
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        var started = Stopwatch.GetTimestamp();
        activity.Started();
        using (logger.BeginScope("X-Request-Id:{RequestId}", id))
        {
            try
            {
                await next(context);
            }
            finally
            {
                activity.Ended();
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
                metrics.Requests.Increment(route, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                metrics.RequestDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds, route);
                logger.LogInformation("{Method} {Route} -> {Status} in {Ms:F1} ms", context.Request.Method, route, status,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    private static bool IsSafe(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
