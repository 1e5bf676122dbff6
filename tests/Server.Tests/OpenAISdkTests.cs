using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;

namespace Inference.Server.Tests;

/// <summary>The official OpenAI .NET SDK (2.15.0), unmodified, against the server. Where the SDK's convenience layer
/// has no field (n choices, best_of on legacy completions) its protocol methods or raw HTTP are used, as noted.</summary>
public sealed class OpenAISdkTests(DefaultServer server) : IClassFixture<DefaultServer>
{
    private ChatClient Client(string? model = null) =>
        new(model ?? server.Model, new ApiKeyCredential("not-checked"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });

    [Fact]
    public async Task Chat_completion_returns_text_usage_and_finish_reason()
    {
        ChatCompletion completion = await Client().CompleteChatAsync(
            [new SystemChatMessage("You add numbers."), new UserChatMessage("2+3=")],
            new ChatCompletionOptions { MaxOutputTokenCount = 5, Temperature = 0.7f });

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Single(completion.Content);
        Assert.True(completion.Usage.OutputTokenCount is >= 1 and <= 5);
        var prompt = await server.Http.PostAsync("tokenize",
            """{"messages":[{"role":"system","content":"You add numbers."},{"role":"user","content":"2+3="}]}""");
        Assert.Equal(prompt.Json!["count"]!.GetValue<int>(), completion.Usage.InputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.StartsWith("chatcmpl-", completion.Id);
    }

    [Fact]
    public async Task Streaming_chat_assembles_the_same_text_as_the_chunks_carry()
    {
        var text = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        string? id = null;
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("7+1=")],
                           new ChatCompletionOptions { MaxOutputTokenCount = 6, Temperature = 1f }))
        {
            id ??= update.CompletionId;
            Assert.Equal(id, update.CompletionId);
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish = update.FinishReason ?? finish;
            usage = update.Usage ?? usage;
        }
        Assert.NotNull(finish);
        Assert.NotNull(usage); // The SDK asks for include_usage; the server answers with the usage chunk.
        Assert.True(usage!.OutputTokenCount is >= 1 and <= 6);
        Assert.True(text.Length <= 6 * 4);
    }

    [Fact]
    public async Task N_three_returns_the_samples_of_seeds_seed_plus_i_through_the_sdk_protocol_method()
    {
        // ChatCompletion (the SDK's convenience type) exposes only the first choice; the protocol method returns them all.
        async Task<List<string>> Texts(int n, int seed)
        {
            var body = BinaryContent.Create(BinaryData.FromString(
                Api.Chat($"\"n\":{n},\"temperature\":1.5,\"seed\":{seed},\"ignore_eos\":true").Replace("\"max_tokens\":4", "\"max_tokens\":16")));
            ClientResult result = await Client().CompleteChatAsync(body);
            var choices = JsonNode.Parse(result.GetRawResponse().Content.ToString())!["choices"]!.AsArray();
            Assert.Equal(Enumerable.Range(0, n), choices.Select(c => c!["index"]!.GetValue<int>()));
            return choices.Select(c => c!["message"]!["content"]!.GetValue<string>()).ToList();
        }
        var together = await Texts(3, 11);
        Assert.Equal([(await Texts(1, 11))[0], (await Texts(1, 12))[0], (await Texts(1, 13))[0]], together);
        Assert.True(together.Distinct().Count() > 1, string.Join(" | ", together));
    }

    [Fact]
    public async Task Logprobs_come_back_per_token_with_top_alternatives()
    {
        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("1+1=")],
            new ChatCompletionOptions { MaxOutputTokenCount = 4, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 });
        var tokens = completion.ContentTokenLogProbabilities;
        Assert.Equal(completion.Usage.OutputTokenCount, tokens.Count);
        foreach (var token in tokens)
        {
            Assert.True(token.LogProbability <= 0);
            Assert.Equal(3, token.TopLogProbabilities.Count);
            Assert.True(token.TopLogProbabilities[0].LogProbability >= token.TopLogProbabilities[2].LogProbability);
        }
        // Tokens are shown as they are, special ones included; the text skips special tokens.
        var joined = string.Concat(tokens.Select(t => t.Token));
        Assert.Equal(completion.Content[0].Text, System.Text.RegularExpressions.Regex.Replace(joined, @"<\|[a-z_]+\|>", ""));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_completion_and_another_seed_differs()
    {
        async Task<string> Run(long seed) => (await Client().CompleteChatAsync([new UserChatMessage("4+4=")],
            new ChatCompletionOptions { MaxOutputTokenCount = 16, Temperature = 1.5f, Seed = seed })).Value.Content[0].Text;

        var first = await Run(1234);
        Assert.Equal(first, await Run(1234));
        var others = new[] { await Run(1), await Run(2), await Run(3) };
        Assert.Contains(others, o => o != first);
    }

    [Fact]
    public async Task A_model_alias_selects_by_majority_for_an_unmodified_client()
    {
        ClientResult<ChatCompletion> result = await Client($"{server.Model}:majority@5").CompleteChatAsync([new UserChatMessage("3+3=")],
            new ChatCompletionOptions { MaxOutputTokenCount = 3 });
        Assert.Single(result.Value.Content);
        var json = JsonNode.Parse(result.GetRawResponse().Content.ToString())!;
        var report = json["test_time_scaling"]!;
        Assert.Equal("majority", report["strategy"]!.GetValue<string>());
        Assert.Equal(5, report["samples_used"]!.GetValue<int>());
        // usage counts every sampled token (5 samples of 1..3 tokens), not only the returned choice's.
        Assert.InRange(result.Value.Usage.OutputTokenCount, 5, 15);
    }

    [Fact]
    public async Task A_configured_alias_works_too()
    {
        ClientResult<ChatCompletion> result = await Client("tiny-vote").CompleteChatAsync([new UserChatMessage("3+3=")],
            new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        var report = JsonNode.Parse(result.GetRawResponse().Content.ToString())!["test_time_scaling"]!;
        Assert.Equal(3, report["samples_used"]!.GetValue<int>());
    }

    [Fact]
    public async Task Errors_reach_the_sdk_with_our_status_message_and_param()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CompleteChatAsync([new UserChatMessage("hi")],
            new ChatCompletionOptions { MaxOutputTokenCount = 4, TopP = 7f }));
        // The SDK renders our body as "HTTP 400 (invalid_request_error: invalid_value)\nParameter: top_p\n\n<message>".
        Assert.Equal(400, error.Status);
        Assert.Contains("invalid_request_error: invalid_value", error.Message);
        Assert.Contains("Parameter: top_p", error.Message);
        Assert.EndsWith("top_p must be in (0, 1].", error.Message.TrimEnd());

        var missing = await Assert.ThrowsAsync<ClientResultException>(() => Client("no-such-model").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, missing.Status);
        Assert.Contains("no-such-model", missing.Message);
        Assert.Contains("model_not_found", missing.Message);
    }
}
