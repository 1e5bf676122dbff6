using System.Net;
using System.Text.Json.Nodes;
using Inference.Server.Models;

namespace Inference.Server.Tests;

/// <summary>The bundled LM (served under another id: pairing follows the folder) next to a random GPT-2, with the
/// default configuration: the bundled reward model scores the bundled LM and nothing else.</summary>
public sealed class BundledPairServer : ServerFixture
{
    protected override bool InMemory => true;

    public static string Gpt2 => BundledModels.Locate("tests/fixtures/tiny-random-gpt2-fp32") ?? throw new DirectoryNotFoundException("tests/fixtures/tiny-random-gpt2-fp32");

    protected override IEnumerable<string> ModelArguments() => ["--model", $"arith={TestModels.LanguageModel}", "--model", $"gpt2={Gpt2}"];
}

/// <summary>The same two models with the pairing set by hand: the reward model on gpt2 (the user's call), none on arith.</summary>
public sealed class ConfiguredPairServer : ServerFixture
{
    protected override bool InMemory => true;

    protected override IEnumerable<string> ModelArguments() =>
    [
        "--model", $"arith={TestModels.LanguageModel}", "--model", $"gpt2={BundledPairServer.Gpt2}",
        "--reward-model", "gpt2=models/arith-reward", "--reward-model", "arith=none",
    ];
}

/// <summary>
/// A reward model scores the model it was trained for: by default the bundled arith-reward is paired with the bundled
/// arith-lm only, /v1/models says which model has which, and a reward-ranked request on a model without one is a 400
/// that says so, naming the field that asked for it.
/// </summary>
public sealed class RewardPairingTests(BundledPairServer server) : IClassFixture<BundledPairServer>
{
    private static string Completion(string model, string extra) =>
        $$"""{"model":"{{model}}","prompt":[17,18,19,20],"max_tokens":8{{(extra.Length > 0 ? "," + extra : "")}}}""";

    [Fact]
    public async Task Models_list_the_reward_model_paired_with_each()
    {
        var list = (await server.Http.GetJsonAsync("v1/models")).Json!["data"]!.AsArray();
        Assert.Equal("arith-reward", list.Single(m => m!["id"]!.GetValue<string>() == "arith")!["reward_model"]!.GetValue<string>());
        Assert.Null(list.Single(m => m!["id"]!.GetValue<string>() == "gpt2")!["reward_model"]);
    }

    [Theory]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"best_of_n\",\"samples\":4}", "test_time_scaling.strategy")]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"best_of_majority\",\"samples\":4}", "test_time_scaling.strategy")]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"weighted_majority\",\"samples\":4}", "test_time_scaling.strategy")]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"weighted_majority\",\"weight\":\"reward\",\"samples\":4}", "test_time_scaling.weight")]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":4,\"verifiers\":[\"reward_model\"]}", "test_time_scaling.verifiers[0]")]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"verifier\",\"samples\":4,\"verifiers\":[{\"type\":\"reward_model\",\"accept_threshold\":0.5}]}", "test_time_scaling.verifiers[0]")]
    [InlineData("gpt2:bon@4", "", "model")]
    [InlineData("gpt2:wmaj@4", "", "model")]
    public async Task Reward_ranked_selection_on_a_model_without_a_reward_model_is_a_400_that_says_so(string model, string extra, string param)
    {
        var reply = await server.Http.PostAsync("v1/completions", Completion(model, extra));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(param, reply.ErrorParam);
        Assert.Equal("invalid_value", reply.ErrorCode);
        Assert.Contains("the model 'gpt2' has none", reply.ErrorMessage);
        Assert.Contains("Models:RewardModels:gpt2", reply.ErrorMessage);
    }

    [Theory]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":4}")]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"weighted_majority\",\"weight\":\"mean_logprob\",\"samples\":4}")]
    [InlineData("gpt2", "\"test_time_scaling\":{\"strategy\":\"self_certainty\",\"samples\":4}")]
    [InlineData("arith", "\"test_time_scaling\":{\"strategy\":\"best_of_n\",\"samples\":4,\"return_candidates\":true}")]
    [InlineData("arith:bom@4", "")]
    public async Task Selection_the_model_can_do_is_served(string model, string extra)
    {
        var reply = await server.Http.PostAsync("v1/completions", Completion(model, extra));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var report = reply.Json!["test_time_scaling"]!.AsArray().Single()!;
        Assert.Equal(4, report["samples_used"]!.GetValue<int>());
        var rewardVerdicts = report["verifiers"]!.AsArray().SingleOrDefault(v => v!["name"]!.GetValue<string>() == "reward_model");
        if (model.StartsWith("arith", StringComparison.Ordinal)) Assert.Equal(4, rewardVerdicts!["scored"]!.GetValue<int>());
        else Assert.Null(rewardVerdicts);
    }
}

public sealed class ConfiguredRewardPairingTests(ConfiguredPairServer server) : IClassFixture<ConfiguredPairServer>
{
    [Fact]
    public async Task A_configured_pairing_replaces_the_default()
    {
        var list = (await server.Http.GetJsonAsync("v1/models")).Json!["data"]!.AsArray();
        Assert.Null(list.Single(m => m!["id"]!.GetValue<string>() == "arith")!["reward_model"]);
        Assert.Equal("arith-reward", list.Single(m => m!["id"]!.GetValue<string>() == "gpt2")!["reward_model"]!.GetValue<string>());
        var refused = await server.Http.PostAsync("v1/completions", """{"model":"arith:bon@2","prompt":"1+2=","max_tokens":4}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("the model 'arith' has none", refused.ErrorMessage);
    }
}
