using Inference.Server.Metrics;
using Inference.Server.Models;

namespace Inference.Server.Endpoints;

public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (ServerMetrics metrics, ModelCatalog catalog) => TypedResults.Text(metrics.Render(catalog), PrometheusText.ContentType))
            .WithName("Metrics").WithTags("Operations").WithSummary("Prometheus text exposition.");
        return app;
    }
}
