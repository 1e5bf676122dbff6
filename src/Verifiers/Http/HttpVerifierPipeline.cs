using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Inference.Verifiers;

/// <summary>
/// Builds the HTTP verifier's resilience pipeline, outermost first: total timeout -&gt; retry (jittered exponential
/// backoff on connection errors, 5xx, 429 and attempt timeouts) -&gt; circuit breaker (same failures) -&gt; attempt
/// timeout. An open breaker fails fast and is not retried.
/// </summary>
internal static class HttpVerifierPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Build(
        HttpVerifierOptions options, TimeProvider timeProvider, CircuitBreakerStateProvider stateProvider, Action<CircuitState> onStateChanged)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>
        {
            Name = $"verifier:{options.Name}",
            TimeProvider = timeProvider,
        };
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "total-timeout", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                ShouldHandle = IsTransient(),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            Name = "circuit-breaker",
            ShouldHandle = IsTransient(),
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            StateProvider = stateProvider,
            OnOpened = _ => Notify(onStateChanged, CircuitState.Open),
            OnHalfOpened = _ => Notify(onStateChanged, CircuitState.HalfOpen),
            OnClosed = _ => Notify(onStateChanged, CircuitState.Closed),
        });
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "attempt-timeout", Timeout = options.AttemptTimeout });
        return builder.Build();
    }

    private static PredicateBuilder<HttpResponseMessage> IsTransient() => new PredicateBuilder<HttpResponseMessage>()
        .Handle<HttpRequestException>()
        .Handle<TimeoutRejectedException>()
        .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests);

    private static ValueTask Notify(Action<CircuitState> onStateChanged, CircuitState state)
    {
        onStateChanged(state);
        return ValueTask.CompletedTask;
    }
}
