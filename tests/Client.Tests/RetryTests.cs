using System.Net;
using System.Text;
using Inference.Protocol;
using Inference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Inference.Client.Tests;

/// <summary>429/503 answers are retried honouring Retry-After (the HTTP exchange is played by a scripted handler, time
/// by a fake clock).</summary>
public sealed class RetryTests
{
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(answers[Math.Min(Calls++, answers.Length - 1)]());
    }

    /// <summary>A fake clock that counts the timers made on it, so a test moves it only once the retry waits on it.</summary>
    private sealed class TimerWatchingClock : FakeTimeProvider
    {
        private int timers;

        public int Timers => Volatile.Read(ref timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref timers);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private static HttpResponseMessage Overloaded(HttpStatusCode status, int retryAfterSeconds)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent("""{"error":{"message":"busy","type":"server_error","param":null,"code":"overloaded"}}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }

    private static HttpResponseMessage Models() => new(HttpStatusCode.OK)
    {
        Content = new StringContent("""{"object":"list","data":[]}""", Encoding.UTF8, "application/json"),
    };

    [Fact]
    public async Task RetriesAfterTheServersDelayThenSucceeds()
    {
        var handler = new ScriptedHandler(() => Overloaded(HttpStatusCode.TooManyRequests, 1), () => Overloaded(HttpStatusCode.ServiceUnavailable, 0), Models);
        var clock = new TimerWatchingClock();
        using var client = new InferenceHttpClient(new HttpClient(handler), new InferenceHttpClientOptions { MaxRetries = 3 }, clock);
        var models = client.ListModelsAsync();
        await Eventually.TrueAsync(() => handler.Calls == 1 && clock.Timers == 1, "the first attempt and the wait it asks for");
        // Retry-After: 1 s. Nothing is sent again until the clock has moved that far.
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, handler.Calls);
        Assert.False(models.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        // Retry-After: 0 on the second answer: the third attempt follows without the clock moving.
        Assert.Empty((await models).Data);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task GivesUpWithTheServersErrorAndRetryAfter()
    {
        var handler = new ScriptedHandler(() => Overloaded(HttpStatusCode.TooManyRequests, 0));
        using var client = new InferenceHttpClient(new HttpClient(handler), new InferenceHttpClientOptions { MaxRetries = 2 });
        var error = await Assert.ThrowsAsync<InferenceApiException>(() => client.ListModelsAsync());
        Assert.Equal(3, handler.Calls);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("overloaded", error.Code);
        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
    }

    [Fact]
    public async Task RetryCanBeTurnedOff()
    {
        var handler = new ScriptedHandler(() => Overloaded(HttpStatusCode.ServiceUnavailable, 0), Models);
        using var client = new InferenceHttpClient(new HttpClient(handler), new InferenceHttpClientOptions { MaxRetries = 0 });
        await Assert.ThrowsAsync<InferenceApiException>(() => client.CreateChatCompletionAsync(new ChatCompletionRequest()));
        Assert.Equal(1, handler.Calls);
    }
}
