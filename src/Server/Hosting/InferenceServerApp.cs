using Inference.Engine.Runtime;
using Inference.Server.Endpoints;
using Inference.Server.Errors;
using Inference.Server.Generation;
using Inference.Server.Metrics;
using Inference.Server.Models;
using Inference.Server.Options;
using Inference.Server.Playground;
using Inference.Protocol;
using Inference.Server.Security;
using Inference.Server.Streaming;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inference.Server.Hosting;

/// <summary>Builds the server: options, services, Kestrel, middleware and endpoints. Tests build it the same way.</summary>
public static class InferenceServerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLineFlags.Rewrite(args),
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        builder.AddInferenceServer();
        var app = builder.Build();
        app.UseInferenceServer();
        return app;
    }

    public static WebApplicationBuilder AddInferenceServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        Bind<ModelsOptions>(services, ModelsOptions.Section);
        Bind<SchedulerLimitsOptions>(services, SchedulerLimitsOptions.Section);
        Bind<LimitsOptions>(services, LimitsOptions.Section);
        Bind<AuthOptions>(services, AuthOptions.Section);
        Bind<ServerOptions>(services, ServerOptions.Section);
        Bind<TestTimeScalingServerOptions>(services, TestTimeScalingServerOptions.Section);
        Bind<ExternalVerifiersOptions>(services, ExternalVerifiersOptions.Section);
        services.AddSingleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidator>();
        services.AddSingleton<IValidateOptions<TestTimeScalingServerOptions>, TestTimeScalingServerOptionsValidator>();
        services.AddSingleton<IValidateOptions<ExternalVerifiersOptions>, ExternalVerifiersOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls($"http://{(server.Host.Contains(':') ? $"[{server.Host}]" : server.Host)}:{server.Port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = limits.MaxBodyBytes;
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(server.DrainTimeoutSeconds));

        services.ConfigureHttpJsonOptions(o => ProtocolJsonContext.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<OpenAIExceptionHandler>();
        services.AddProblemDetails();
        if (server.CorsOrigins.Count > 0)
            services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins([.. server.CorsOrigins]).AllowAnyHeader().WithMethods("GET", "POST")));
        services.AddOpenApi(o => o.AddOperationTransformer(StreamedAs.DescribeAsync).AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Inference server";
            document.Info.Description = "OpenAI-compatible chat and text completions on ONNX Runtime, with extensions: top_k, min_p, " +
                "repetition_penalty, min_tokens, ignore_eos, stop_token_ids, skip_special_tokens, and test_time_scaling (repeated sampling " +
                "with selection: best_of_n, majority, weighted_majority, best_of_majority, verifier, self_certainty; model aliases " +
                "'<model>:<strategy>@<N>'). Errors use OpenAI's body {\"error\": {\"message\", \"type\", \"param\", \"code\"}}.";
            return Task.CompletedTask;
        }));

        services.AddServerTelemetry();
        services.AddSingleton<RouteLabels>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RequestActivity>();
        services.AddSingleton<IdleMemoryTrimmer>();
        services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryTrimmer>());
        ExternalVerifiers.Register(services, builder.Configuration);
        services.AddSingleton<ModelCatalog>();
        services.AddHostedService<ModelLoader>();
        services.AddSingleton<GenerationRunner>();
        services.AddSingleton<StreamingRunner>();
        services.AddSingleton<RequestPreparation>();
        services.AddSingleton<ChatCompletionHandler>();
        services.AddSingleton<CompletionHandler>();
        return builder;
    }

    public static WebApplication UseInferenceServer(this WebApplication app)
    {
        // Before any model loads: ONNX Runtime's own log lines then come through the host's loggers, not raw stderr.
        OnnxRuntimeLog.RouteTo(app.Services.GetRequiredService<ILoggerFactory>());
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<UnreadBodyMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Handled errors are logged once by OpenAIExceptionHandler, at the level their status deserves.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(StatusCodeErrors.WriteAsync);
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (server.CorsOrigins.Count > 0) app.UseCors();
        if (server.Playground) app.UsePlayground();
        app.UseMiddleware<ApiKeyMiddleware>();

        app.MapOpenApi();
        app.MapHealth();
        app.MapMetrics();
        app.MapTokenizer();
        var v1 = app.MapGroup("/v1");
        v1.MapChatCompletions();
        v1.MapCompletions();
        v1.MapModels();
        return app;
    }

    private static void Bind<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
