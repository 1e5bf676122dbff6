using Inference.Server.Models;
using Inference.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Endpoints;

/// <summary>Liveness (the process answers) and readiness (every model loaded and its warm-up generation passed).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", Live).WithName("Live");
        health.MapGet("/ready", Ready).WithName("Ready");
        return app;
    }

    private static Ok<HealthResponse> Live(ModelCatalog catalog) => TypedResults.Ok(Report(catalog, "ok"));

    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Ready(ModelCatalog catalog, HttpContext http)
    {
        if (catalog.AllReady) return TypedResults.Ok(Report(catalog, "ready"));
        http.Response.Headers.RetryAfter = "1";
        var status = !catalog.Accepting ? "shutting_down" : catalog.ConfigurationError is not null || catalog.Models.Any(m => m.State == ModelState.Failed) ? "failed" : "loading";
        return TypedResults.Json(Report(catalog, status), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static HealthResponse Report(ModelCatalog catalog, string status)
    {
        var models = catalog.Models.Select(m => new ModelHealth(m.Id, m.State.ToString().ToLowerInvariant(), m.IsRemote ? "backends" : m.Served?.Package?.Descriptor.Device,
            m.Served?.Package?.Descriptor.ExecutionProviders, m.Error)).ToList();
        if (catalog.ConfigurationError is { } error) models.Add(new ModelHealth("(none)", "failed", null, null, error));
        return new HealthResponse(status, models);
    }
}
