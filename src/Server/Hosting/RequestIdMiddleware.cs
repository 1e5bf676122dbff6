using System.Diagnostics;
using Inference.Server.Errors;
using Inference.Server.Metrics;

namespace Inference.Server.Hosting;

/// <summary>
/// Gives every request an id (the client's X-Request-Id when it is a safe token, otherwise a new one), echoes it in
/// the X-Request-Id response header, opens a logging scope with it (shown when scopes are enabled), records the
/// request's route, status and duration in the metrics and logs it as one line:
/// <c>POST /v1/chat/completions -> 400 invalid_value (temperature) in 1.2 ms [req-…]</c>. Health probes and metric
/// scrapes are logged at Debug, everything else at Information.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILoggerFactory loggers, ServerMetrics metrics, RouteLabels routes, RequestActivity activity)
{
    public const string Header = "X-Request-Id";

    /// <summary>The log category of the request lines (e.g. Logging:LogLevel:Inference.Server.Requests=Warning silences them).</summary>
    public const string LogCategory = "Inference.Server.Requests";

    private readonly ILogger logger = loggers.CreateLogger(LogCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = IsSafe(incoming) ? incoming : "req-" + Guid.NewGuid().ToString("N")[..20];
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        var started = Stopwatch.GetTimestamp();
        // Routing ran before this middleware; the exception handler clears the endpoint when it handles an error, so
        // the match is read now for the label of rejected requests.
        var matched = context.GetEndpoint();
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
                var route = routes.Of(context.Request.Path, matched ?? context.GetEndpoint());
                var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
                var elapsed = Stopwatch.GetElapsedTime(started);
                metrics.Requests.Increment(route, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                metrics.RequestDuration.Observe(elapsed.TotalSeconds, route);
                var level = IsProbe(route) ? LogLevel.Debug : LogLevel.Information;
                if (logger.IsEnabled(level))
                {
                    var error = ErrorWriter.WrittenError(context);
                    logger.Log(level, "{Method} {Route} -> {Status}{Error} in {Ms:F1} ms [{RequestId}]", context.Request.Method, route, status,
                        error is null ? "" : $" {error.Code ?? error.Type}{(error.Param is null ? "" : $" ({error.Param})")}",
                        elapsed.TotalMilliseconds, id);
                }
            }
        }
    }

    private static bool IsProbe(string route) => route.StartsWith("/health/", StringComparison.Ordinal) || route == "/metrics";

    private static bool IsSafe(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
