using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace Inference.Verifiers;

/// <summary>
/// Registers an HTTP verifier the way ASP.NET applications make HTTP clients: a named client from
/// <see cref="IHttpClientFactory"/> whose resilience handler (Microsoft.Extensions.Http.Resilience) runs the standard
/// order, outermost first: total timeout -&gt; retry (jittered exponential backoff on connection errors, 5xx, 408, 429 and
/// attempt timeouts) -&gt; circuit breaker (same failures) -&gt; attempt timeout, each from <see cref="HttpVerifierOptions"/>.
/// Time comes from the container's <see cref="TimeProvider"/> when one is registered. The verifier is a keyed
/// singleton under its name.
/// </summary>
public static class HttpVerifierRegistration
{
    public static string ClientName(string verifier) => $"verifier:{verifier}";

    public static IServiceCollection AddHttpVerifier(this IServiceCollection services, HttpVerifierOptions options)
    {
        options.ThrowIfInvalid();
        var circuit = new VerifierCircuit();
        services.AddHttpClient(ClientName(options.Name))
            .AddResilienceHandler("verifier", (builder, context) =>
            {
                if (context.ServiceProvider.GetService<TimeProvider>() is { } time) builder.TimeProvider = time;
                builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total-timeout", Timeout = options.TotalTimeout });
                if (options.MaxRetryAttempts > 0)
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        Name = "retry",
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryBaseDelay,
                        MaxDelay = options.RetryMaxDelay,
                        ShouldRetryAfterHeader = false,
                    });
                builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    Name = "circuit-breaker",
                    FailureRatio = options.BreakerFailureRatio,
                    MinimumThroughput = options.BreakerMinimumThroughput,
                    SamplingDuration = options.BreakerSamplingDuration,
                    BreakDuration = options.BreakerBreakDuration,
                    StateProvider = circuit.StateProvider,
                    OnOpened = _ => circuit.Raise(CircuitState.Open),
                    OnHalfOpened = _ => circuit.Raise(CircuitState.HalfOpen),
                    OnClosed = _ => circuit.Raise(CircuitState.Closed),
                });
                builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt-timeout", Timeout = options.AttemptTimeout });
            })
            .Services.AddHttpClient(ClientName(options.Name)).AddHttpMessageHandler(() => new AttemptCountingHandler());
        services.AddKeyedSingleton(options.Name, (provider, _) => new HttpVerifier(options, provider.GetRequiredService<IHttpClientFactory>(), circuit));
        return services;
    }
}
