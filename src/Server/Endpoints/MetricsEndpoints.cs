namespace Inference.Server.Endpoints;

public static class MetricsEndpoints
{
    /// <summary>
    /// /metrics: OpenTelemetry's Prometheus exporter (text exposition format 0.0.4, OpenMetrics when the scraper asks for
    /// it). The exporter runs as a branch behind a route handler, so the route is described in the OpenAPI document.
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        var scrape = app.CreateApplicationBuilder()
            .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null)
            .Build();
        // A Delegate, not a RequestDelegate: route handlers are what the OpenAPI document describes.
        Delegate handler = (HttpContext context) => scrape(context);
        app.MapGet("/metrics", handler)
            .Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .WithName("Metrics").WithTags("Operations").WithSummary("Prometheus text exposition.");
        return app;
    }
}
