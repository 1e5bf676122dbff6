using Inference.Protocol;
using Inference.Testing;
using Microsoft.Extensions.AI;

namespace Inference.Client.Tests;

/// <summary>One test body, run against the embedded client and against the HTTP client talking to a real server,
/// both on the bundled model: same options mapping, same results for the same seed.</summary>
public abstract class ChatClientConformanceTests
{
    protected abstract IChatClient Client { get; }

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Compute 7*8-5.")];

    [Fact]
    public async Task GreedyResponseIsTheFullRecomputeContinuationAndStreamsTheSameText()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 60 };
        var response = await Client.GetResponseAsync(Question, options);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(GreedyReference.Text, response.Text);
        Assert.Equal(GreedyReference.Tokens, response.Usage!.OutputTokenCount);
        var streamed = "";
        UsageDetails? usage = null;
        await foreach (var update in Client.GetStreamingResponseAsync(Question, options))
        {
            streamed += update.Text;
            usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
        }
        Assert.Equal(response.Text, streamed);
        Assert.Equal(response.Usage.OutputTokenCount, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task MajorityVoteThroughAdditionalProperties()
    {
        var options = new ChatOptions
        {
            Temperature = 1.0f, Seed = 5, MaxOutputTokens = 100,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [InferenceChatOptionKeys.TestTimeScaling] = new TestTimeScalingRequest { Strategy = "majority", Samples = 8, Answer = AnswerFormatRequest.Named("hash") },
            },
        };
        var response = await Client.GetResponseAsync(Question, options);
        Assert.True(response.AdditionalProperties!.ContainsKey(InferenceChatOptionKeys.Explanation));
        Assert.Matches(@"#### -?\d+$", response.Text);
        Assert.True(response.Usage!.OutputTokenCount > 8);
    }

    // double, not int: M.E.AI's schema for an int is {"type":"integer"} with no range, and range keywords (minimum,
    // maximum) are outside the supported subset, so the random-ish arithmetic model may write an integer beyond Int32.
    public sealed record Arithmetic(double Answer, bool Checked);

    [Fact]
    public async Task GetResponseAsyncOfTReturnsATypedObjectDecodedUnderItsSchema()
    {
        // M.E.AI sends the type's JSON schema as response_format; decoding is constrained by it, so every seed deserializes.
        for (var seed = 1; seed <= 3; seed++)
        {
            var typed = await Client.GetResponseAsync<Arithmetic>(Question, new ChatOptions { Temperature = 1.0f, Seed = seed, MaxOutputTokens = 40 });
            Assert.True(typed.TryGetResult(out var result), typed.Text);
            Assert.NotNull(result);
        }
        // A primitive is wrapped by M.E.AI in {"data": ...}.
        var number = await Client.GetResponseAsync<double>(Question, new ChatOptions { Temperature = 0, MaxOutputTokens = 30 });
        Assert.True(number.TryGetResult(out _), number.Text);
    }

    [Fact]
    public async Task FunctionInvokingChatClientCallsTheToolThenAnswersWithItsResult()
    {
        var calls = new List<(double, double)>();
        var add = AIFunctionFactory.Create((double a, double b) =>
        {
            calls.Add((a, b));
            return a + b;
        }, "add", "Adds two numbers.");
        // Not disposed: it would dispose the shared client it wraps.
        var invoking = new FunctionInvokingChatClient(Client);
        var response = await invoking.GetResponseAsync([new ChatMessage(ChatRole.User, "Add 12 and 30.")],
            new ChatOptions { Tools = [add], ToolMode = ChatToolMode.RequireSpecific("add"), Temperature = 0, MaxOutputTokens = 40 });
        // The forced call is decoded under add's schema, so it binds and runs; the follow-up (tool mode reset by M.E.AI)
        // is answered in text after the tool's result.
        var (a, b) = Assert.Single(calls);
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("add", call.Name);
        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal(a + b, Convert.ToDouble(result.Result is System.Text.Json.JsonElement e ? e.GetDouble() : result.Result));
        Assert.Equal(ChatRole.Assistant, response.Messages[^1].Role);
        Assert.Empty(response.Messages[^1].Contents.OfType<FunctionCallContent>());
        Assert.NotEqual(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task StreamedToolCallsArriveAsFunctionCallContents()
    {
        var add = AIFunctionFactory.Create((double a, double b) => a + b, "add", "Adds two numbers.");
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Add 12 and 30.")],
                           new ChatOptions { Tools = [add], ToolMode = ChatToolMode.RequireAny, Temperature = 1, Seed = 2, MaxOutputTokens = 40 }))
            updates.Add(update);
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("add", call.Name);
        Assert.Equal(["a", "b"], call.Arguments!.Keys.Order());
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Last(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task WithToolsTextThatIsNoCallStreamsAsItComesAndAddsUpToTheResponse()
    {
        var add = AIFunctionFactory.Create((double a, double b) => a + b, "add", "Adds two numbers.");
        var options = new ChatOptions { Tools = [add], ToolMode = ChatToolMode.Auto, Temperature = 0, MaxOutputTokens = 40 };
        var response = await Client.GetResponseAsync(Question, options);
        Assert.Empty(response.Messages[0].Contents.OfType<FunctionCallContent>());
        var texts = new List<string>();
        await foreach (var update in Client.GetStreamingResponseAsync(Question, options))
            texts.AddRange(update.Contents.OfType<TextContent>().Select(t => t.Text).Where(t => t.Length > 0));
        Assert.Equal(response.Text, string.Concat(texts));
        // The bundled model answers in text: it must stream, not come whole at the end.
        Assert.True(texts.Count > 1, $"one update: '{response.Text}'");
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

/// <summary>
/// The greedy answer to the question computed without the engine's decoding: the whole sequence through the ONNX graph
/// at every step (<see cref="FullRecompute"/>, plain ONNX Runtime, no cache, no sampler, no scheduler), argmax appended
/// until the model's EOS. Only the chat template and tokenizer are the engine's (each checked against its reference
/// implementation in Engine.Tests).
/// </summary>
internal static class GreedyReference
{
    private static readonly Lazy<(string Text, int Tokens)> Value = new(() =>
    {
        using var package = Inference.Engine.Packages.ModelPackage.Load(Repository.BundledModel);
        var prompt = package.Tokenizer.Encode(package.ApplyChatTemplate([new Inference.Engine.Packages.ChatMessage("user", "Compute 7*8-5.")]), addSpecialTokens: false);
        var generated = FullRecompute.Greedy(package, prompt, 60);
        var end = Array.FindIndex(generated, package.Descriptor.EosTokenIds.Contains);
        Assert.True(end > 0, "the greedy answer ends with EOS within 60 tokens");
        return (package.Tokenizer.Decode(generated[..end]), end + 1);
    });

    public static string Text => Value.Value.Text;

    /// <summary>Completion tokens as usage counts them (the EOS included).</summary>
    public static int Tokens => Value.Value.Tokens;
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
