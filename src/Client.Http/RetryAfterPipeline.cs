using System.Net;
using Polly;
using Polly.Retry;

namespace Inference.Client;

/// <summary>
/// Retries a request the server refused for load (429, 503), waiting as long as its Retry-After says (capped), or
/// with exponential backoff when it says nothing. Only the sending of a request is retried: once a response is
/// accepted, its body (e.g. a stream whose bytes have started to arrive) is never replayed.
/// </summary>
internal static class RetryAfterPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Create(InferenceHttpClientOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetries <= 0) return builder.Build();
        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.BaseRetryDelay,
            MaxDelay = options.MaxRetryDelay,
            UseJitter = false,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result) is { } wait
                ? (TimeSpan?)(wait > options.MaxRetryDelay ? options.MaxRetryDelay : wait)
                : null),
            OnRetry = args =>
            {
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }
}
