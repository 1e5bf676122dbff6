using System.Net;
using System.Text;
using Inference.Protocol;

namespace Inference.Client.Tests;

/// <summary>429/503 answers are retried honouring Retry-After (the HTTP exchange is played by a scripted handler).</summary>
public sealed class RetryTests
{
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(answers[Math.Min(Calls++, answers.Length - 1)]());
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
        using var client = new InferenceHttpClient(new HttpClient(handler), new InferenceHttpClientOptions { MaxRetries = 3 });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var models = await client.ListModelsAsync();
        Assert.Empty(models.Data);
        Assert.Equal(3, handler.Calls);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited {watch.Elapsed}");
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
