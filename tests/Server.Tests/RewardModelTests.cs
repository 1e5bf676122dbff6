using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using Inference.Server.Models;
using OpenAI;
using OpenAI.Chat;

namespace Inference.Server.Tests;

/// <summary>A server with the bundled reward model (models/arith-reward).</summary>
public sealed class RewardServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() =>
        ["--reward-model", BundledModels.Find(BundledModels.RewardModel) ?? throw new DirectoryNotFoundException(BundledModels.RewardModel)];
}

/// <summary>Strategies that rank by reward, with the bundled reward model scoring every candidate.</summary>
public sealed class RewardModelTests(RewardServer server) : IClassFixture<RewardServer>
{
    private async Task<JsonNode> Chat(string tts)
    {
        var reply = await server.Http.PostAsync("v1/chat/completions",
            Api.Chat("\"test_time_scaling\":" + tts, content: "12+30=").Replace("\"max_tokens\":4", "\"max_tokens\":48"));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        return reply.Json!;
    }

    [Theory]
    [InlineData("best_of_n")]
    [InlineData("best_of_majority")]
    [InlineData("weighted_majority")]
    public async Task Reward_ranked_strategies_score_every_candidate(string strategy)
    {
        var json = await Chat($$"""{"strategy":"{{strategy}}","samples":6,"return_candidates":true}""");
        var report = json["test_time_scaling"]!;
        Assert.Equal(strategy, report["strategy"]!.GetValue<string>());
        var reward = report["verifiers"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "reward_model")!;
        Assert.Equal(6, reward["scored"]!.GetValue<int>());
        Assert.All(report["candidates"]!.AsArray(), c => Assert.NotNull(c!["reward"]));
        if (strategy == "best_of_n")
        {
            var best = report["candidates"]!.AsArray().MaxBy(c => c!["reward"]!.GetValue<double>())!;
            Assert.Equal(best["text"]!.GetValue<string>(), json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Early_rejection_streams_its_progress_and_reports_each_checkpoint()
    {
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/chat/completions",
            Api.Chat("\"seed\":3,\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"test_time_scaling\":" +
                     "{\"strategy\":\"best_of_n\",\"samples\":8,\"early_rejection\":{\"checkpoints\":[4],\"keep\":0.25}}", content: "12+30=")
                .Replace("\"max_tokens\":4", "\"max_tokens\":24"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // ignore_eos: every sample reaches the checkpoint, 2 of 8 go on; the last sampling report counts the 6 rejected.
        Assert.Contains(sse.Comments, c => c.Contains("samples=8/8") && c.EndsWith(" rejected=6", StringComparison.Ordinal));
        var report = sse.Chunks.Single(c => c["test_time_scaling"] is not null)["test_time_scaling"]!;
        var rejection = report["early_rejection"]!;
        Assert.Equal(8, rejection["started"]!.GetValue<int>());
        Assert.Equal(2, rejection["finished"]!.GetValue<int>());
        var checkpoint = Assert.Single(rejection["checkpoints"]!.AsArray())!;
        Assert.Equal((4, 8, 2, 6), (checkpoint["tokens"]!.GetValue<int>(), checkpoint["scored"]!.GetValue<int>(), checkpoint["kept"]!.GetValue<int>(),
            checkpoint["rejected"]!.GetValue<int>()));
        // The kept samples ran to max_tokens; the rejected ones stopped early, and every token counts in usage.
        var rejectedTokens = rejection["rejected_tokens"]!.GetValue<int>();
        Assert.InRange(rejectedTokens, 6 * 4, 6 * 24); // a rejected row may even reach max_tokens while the reward model scores
        Assert.Equal(2 * 24 + rejectedTokens, sse.Chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Early_rejection_refills_freed_rows_within_the_token_budget_and_streams_the_refills()
    {
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/chat/completions",
            Api.Chat("\"seed\":3,\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"test_time_scaling\":" +
                     "{\"strategy\":\"best_of_n\",\"samples\":8,\"early_rejection\":{\"checkpoints\":[4],\"keep\":0.25,\"refill\":true,\"max_total_tokens\":390}}",
                    content: "12+30=")
                .Replace("\"max_tokens\":4", "\"max_tokens\":24"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rejection = sse.Chunks.Single(c => c["test_time_scaling"] is not null)["test_time_scaling"]!["early_rejection"]!;
        var refill = rejection["refill"]!;
        var checkpoint = Assert.Single(rejection["checkpoints"]!.AsArray())!;
        // 390 / 24 = 16 seats: the 6 samples rejected at once are refilled, then one more per refill below the threshold.
        var started = rejection["started"]!.GetValue<int>();
        var refilled = refill["refilled"]!.GetValue<int>();
        Assert.Equal((16, 390), (refill["seats"]!.GetValue<int>(), refill["max_total_tokens"]!.GetValue<int>()));
        Assert.Equal(8 + refilled, started);
        Assert.Equal(Math.Min(16, 8 + 6 + checkpoint["refills_rejected"]!.GetValue<int>()), started);
        Assert.Equal(refilled, checkpoint["refills_scored"]!.GetValue<int>());
        // ignore_eos: survivors run to max_tokens; every token counts, and never more than the budget.
        var used = refill["tokens_used"]!.GetValue<int>();
        Assert.Equal(used, sse.Chunks[^1]["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Equal(rejection["finished"]!.GetValue<int>() * 24 + rejection["rejected_tokens"]!.GetValue<int>(), used);
        Assert.True(used <= 390, $"{used} tokens");
        Assert.Contains(sse.Comments, c => c.Contains($"samples={started}/{started}") && c.EndsWith($" refilled={refilled}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sdk_selects_best_of_majority_through_a_model_alias()
    {
        var client = new ChatClient($"{server.Model}:bom@8", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });
        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("12+30=")], new ChatCompletionOptions { MaxOutputTokenCount = 48 });
        var report = JsonNode.Parse(result.GetRawResponse().Content.ToString())!["test_time_scaling"]!;
        Assert.Equal("best_of_majority", report["strategy"]!.GetValue<string>());
        Assert.Equal(8, report["samples_used"]!.GetValue<int>());
    }
}
