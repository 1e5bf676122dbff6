using Inference.Engine.Generation;
using Inference.Protocol;
using Inference.Testing;
using Microsoft.Extensions.AI;
using EngineMessage = Inference.Engine.Packages.ChatMessage;

namespace Inference.Client.Tests;

/// <summary>The embedded client on the random-weight tiny Llama (gibberish text; the first character is the "answer").</summary>
public sealed class EmbeddedClientTests : IAsyncLifetime
{
    private EmbeddedInferenceClient client = null!;

    public Task InitializeAsync()
    {
        client = EmbeddedInferenceClient.Load(new EmbeddedClientOptions
        {
            ModelPath = Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-llama", "fp32"), Threads = 1, MaxTokens = 90,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await client.DisposeAsync();

    private static readonly EngineMessage[] Question = [new("user", "Compute 2+2.")];

    [Fact]
    public async Task MajorityOverNSamplesReturnsTheExplanation()
    {
        var completion = await client.CompleteAsync(Question, new InferenceOptions
        {
            Seed = 4, Temperature = 1.5, MaxTokens = 12,
            TestTimeScaling = new TestTimeScalingRequest { Samples = 10, Answer = AnswerFormatRequest.Regex("^(?<answer>.)"), ReturnCandidates = true },
        });
        var choice = Assert.Single(completion.Choices);
        Assert.NotNull(completion.Explanation);
        Assert.Equal("majority", completion.Explanation!.Strategy);
        Assert.Equal(10, completion.Cost!.Samples);
        Assert.Equal(10, completion.Candidates!.Count);
        Assert.Equal(completion.Explanation.Answers[0].Answer, choice.Answer);
        Assert.Equal(completion.Candidates[choice.SampleIndex].Text, choice.Text);
        Assert.Equal(completion.Candidates.Sum(c => c.TokenCount), completion.CompletionTokens);
    }

    [Fact]
    public async Task StreamedTextConcatenatesToTheFinalTextPerChoice()
    {
        var texts = new Dictionary<int, string>();
        InferenceCompletion? final = null;
        var finishes = 0;
        await foreach (var update in client.StreamAsync(Question, new InferenceOptions { Seed = 8, N = 3, MaxTokens = 15 }))
        {
            if (update.Completion is not null) final = update.Completion;
            if (update.ChoiceIndex < 0) continue;
            texts[update.ChoiceIndex] = texts.GetValueOrDefault(update.ChoiceIndex, "") + update.TextDelta;
            if (update.FinishReason is not null) finishes++;
        }
        Assert.NotNull(final);
        Assert.Equal(3, finishes);
        foreach (var choice in final!.Choices) Assert.Equal(choice.Text, texts[choice.Index]);
        var again = await client.CompleteAsync(Question, new InferenceOptions { Seed = 8, N = 3, MaxTokens = 15 });
        Assert.Equal(final.Choices.Select(c => c.Text), again.Choices.Select(c => c.Text));
    }

    [Fact]
    public async Task CancellationStopsGeneration()
    {
        using var cts = new CancellationTokenSource();
        // The loop parks at token 3 (a gate with a constant temperature of 1) until the test has cancelled, so the
        // cancellation lands mid-generation however late this thread runs; cancelling after the 5th update let a
        // slow consumer see all 4 x 90 tokens and still pass (the stream throws for a cancelled token either way).
        using var gate = new StepGate(atToken: 3);
        var before = client.Stats.TokensGenerated;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.StreamAsync(Question, new EmbeddedInferenceOptions { N = 4, MaxTokens = 90, TemperatureSchedule = gate }, cts.Token))
            {
                if (cts.IsCancellationRequested) continue;
                await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
                cts.Cancel();
                gate.Release();
            }
        });
        // The result is published before the decode loop compacts the batch and writes the stats: wait for that
        // settled state (bounded) rather than reading it at the instant the stream ends.
        await Eventually.TrueAsync(() => client.Stats is { ActiveRows: 0, ReservedKvTokens: 0 }, "the cancelled rows leaving the batch");
        Assert.True(client.Stats.TokensGenerated - before < 4 * 90, $"{client.Stats.TokensGenerated - before} tokens: the rows ran to max_tokens");
    }

    [Fact]
    public async Task AsAChatClient()
    {
        IChatClient chat = client;
        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Compute 2+2.")], new ChatOptions { Temperature = 0.8f, Seed = 3, MaxOutputTokens = 10 });
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        Assert.True(response.Usage!.OutputTokenCount is > 0 and <= 10);
        var streamed = "";
        await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Compute 2+2.")], new ChatOptions { Temperature = 0.8f, Seed = 3, MaxOutputTokens = 10 }))
            streamed += update.Text;
        Assert.Equal(response.Text, streamed);
        Assert.Same(client.Model, chat.GetService(typeof(Inference.Engine.Packages.ModelDescriptor)));
        Assert.Equal(client.Model.Id, chat.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Same(client, chat.GetService<EmbeddedInferenceClient>());
        Assert.Null(chat.GetService(typeof(ChatClientMetadata), "key"));
    }
}
