using Inference.Testing;
using Inference.Pipeline;
using Inference.Selection;
using Microsoft.Extensions.AI;

namespace Inference.Client.Tests;

/// <summary>One test body, run against the embedded client and against the HTTP client talking to a real server,
/// both on the bundled model: same options mapping, same results for the same seed.</summary>
public abstract class ChatClientConformanceTests
{
    protected abstract IChatClient Client { get; }

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Compute 7*8-5.")];

    [Fact]
    public async Task SeededResponseStreamsTheSameText()
    {
        var options = new ChatOptions { Temperature = 1.0f, Seed = 11, MaxOutputTokens = 100 };
        var response = await Client.GetResponseAsync(Question, options);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Matches(@"#### -?\d+$", response.Text);
        Assert.True(response.Usage!.OutputTokenCount > 0);
        var streamed = "";
        UsageDetails? usage = null;
        await foreach (var update in Client.GetStreamingResponseAsync(Question, options))
        {
            streamed += update.Text;
            usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
        }
        Assert.Equal(response.Text, streamed);
        Assert.Equal(response.Usage.OutputTokenCount, usage!.OutputTokenCount);
        Assert.Equal(SameSeedReference.Text(11), response.Text);
    }

    [Fact]
    public async Task MajorityVoteThroughAdditionalProperties()
    {
        var options = new ChatOptions
        {
            Temperature = 1.0f, Seed = 5, MaxOutputTokens = 100,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [InferenceChatOptionKeys.TestTimeScaling] = new TestTimeScalingOptions { Strategy = "majority", Samples = 8, Answer = new AnswerExtractionSpec(AnswerFormat.Hash) },
            },
        };
        var response = await Client.GetResponseAsync(Question, options);
        Assert.True(response.AdditionalProperties!.ContainsKey(InferenceChatOptionKeys.Explanation));
        Assert.Matches(@"#### -?\d+$", response.Text);
        Assert.True(response.Usage!.OutputTokenCount > 8);
    }

    [Fact]
    public async Task CancellationStopsTheCall()
    {
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in Client.GetStreamingResponseAsync(Question,
                               new ChatOptions { Temperature = 1.0f, MaxOutputTokens = 150, AdditionalProperties = new() { [InferenceChatOptionKeys.N] = 4 } }, cts.Token))
                if (++seen == 3) cts.Cancel();
        });
    }
}

/// <summary>The text the embedded client produces for a seed: both implementations must reproduce it.</summary>
internal static class SameSeedReference
{
    private static readonly Dictionary<int, string> Cache = new();

    public static string Text(int seed)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(seed, out var text)) return text;
            using var client = EmbeddedInferenceClient.Load(new EmbeddedClientOptions { ModelPath = Repository.BundledModel, Threads = 1 });
            var completion = client.CompleteAsync([new("user", "Compute 7*8-5.")], new InferenceOptions { Temperature = 1.0, Seed = seed, MaxTokens = 100 })
                .GetAwaiter().GetResult();
            return Cache[seed] = completion.Choices[0].Text;
        }
    }
}

public sealed class EmbeddedChatClientConformanceTests : ChatClientConformanceTests, IAsyncLifetime
{
    private EmbeddedInferenceClient client = null!;

    protected override IChatClient Client => client;

    public Task InitializeAsync()
    {
        client = EmbeddedInferenceClient.Load(new EmbeddedClientOptions { ModelPath = Repository.BundledModel, Threads = 1 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await client.DisposeAsync();
}

public sealed class HttpChatClientConformanceTests(BundledServerProcess server) : ChatClientConformanceTests, IClassFixture<BundledServerProcess>, IDisposable
{
    private readonly InferenceHttpClient client = new(new InferenceHttpClientOptions { BaseAddress = server.BaseAddress, Model = "arith-lm" });

    protected override IChatClient Client => client;

    [Fact]
    public async Task ServerErrorsBecomeTypedExceptions()
    {
        var error = await Assert.ThrowsAsync<InferenceApiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { Temperature = -1 }));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("temperature", error.Param);
        Assert.Equal("invalid_request_error", error.Type);
        var missing = await Assert.ThrowsAsync<InferenceApiException>(() => Client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "nope" }));
        Assert.Equal(404, missing.StatusCode);
    }

    [Fact]
    public async Task ListsTheServedModel()
    {
        var models = await client.ListModelsAsync();
        Assert.Contains(models.Data, m => m.Id == "arith-lm");
    }

    public void Dispose() => client.Dispose();
}
