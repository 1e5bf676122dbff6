using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Inference.Server.Metrics;

/// <summary>
/// OpenTelemetry for the server: the <see cref="ServerMetrics.MeterName"/> meter exported in the Prometheus text format
/// at /metrics. Each scrape is fresh (no response cache) and carries no per-series scope labels. A host exports only
/// the instruments its own <see cref="IMeterFactory"/> created, so servers sharing a process (as tests do) keep their
/// numbers apart.
/// </summary>
public static class ServerTelemetry
{
    public const string ServiceName = "inference-server";

    public static IServiceCollection AddServerTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<ServerMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(ServerMetrics.MeterName)
                .AddPrometheusExporter(options =>
                {
                    options.ScrapeResponseCacheDurationMilliseconds = 0;
                    options.ScopeInfoEnabled = false;
                }));
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            builder.AddView(instrument => instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, own) ? MetricStreamConfiguration.Drop : null);
        });
        return services;
    }
}
