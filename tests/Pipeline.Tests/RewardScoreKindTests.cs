using System.Text.Json.Nodes;
using Inference.Engine.Packages;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline.Tests;

/// <summary>reward_config.json's score_type decides whether verdicts carry sigmoid(score) or the score itself.</summary>
public sealed class RewardScoreKindTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"reward-kind-{Guid.NewGuid():N}");

    public RewardScoreKindTests()
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(BundledModels.RepositoryRoot, "models", "arith-reward")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
    }

    [Fact]
    public void TheBundledModelSaysItsScoresAreLogits() => Assert.Equal(RewardScoreKind.Logit, BundledModels.RewardModel.ScoreKind);

    [Theory]
    [InlineData("logit", RewardScoreKind.Logit)]
    [InlineData("probability", RewardScoreKind.Probability)]
    [InlineData("raw", RewardScoreKind.Raw)]
    [InlineData(null, RewardScoreKind.Raw)]
    public async Task VerdictsAreProbabilitiesOnlyForLogitModels(string? scoreType, RewardScoreKind expected)
    {
        WriteScoreType(scoreType);
        using var model = RewardModel.Load(folder, 1);
        Assert.Equal(expected, model.ScoreKind);
        var problem = BundledModels.EvalProblems[0];
        var raw = model.Score([model.FormatText(problem.Prompt, problem.Solution)])[0];
        var verdict = (await new RewardModelVerifier(model).VerifyAsync(new VerificationRequest(problem.Prompt), [new Candidate(0, problem.Solution)], default))[0];
        var want = expected == RewardScoreKind.Logit ? 1 / (1 + Math.Exp(-raw)) : raw;
        Assert.Equal(want, verdict.Score!.Value, 1e-6);
        Assert.Contains(raw.ToString("F3"), verdict.Reason);
    }

    [Fact]
    public async Task AThresholdOnALogitModelIsAProbability()
    {
        using var model = RewardModel.Load(folder, 1);
        var problem = BundledModels.EvalProblems[0];
        var p = 1 / (1 + Math.Exp(-model.Score([model.FormatText(problem.Prompt, problem.Solution)])[0]));
        var candidates = new[] { new Candidate(0, problem.Solution) };
        var below = await new RewardModelVerifier(model, acceptThreshold: p - 1e-3).VerifyAsync(new VerificationRequest(problem.Prompt), candidates, default);
        var above = await new RewardModelVerifier(model, acceptThreshold: p + 1e-3).VerifyAsync(new VerificationRequest(problem.Prompt), candidates, default);
        Assert.Equal(VerdictStatus.Accepted, below[0].Status);
        Assert.Equal(VerdictStatus.Rejected, above[0].Status);
    }

    [Theory]
    [InlineData("\"odds\"", "score_type 'odds'")]
    [InlineData("3", "score_type must be a string")]
    public void AnUnknownScoreTypeIsRefusedWithTheFileNamed(string json, string message)
    {
        var config = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        config["score_type"] = JsonNode.Parse(json);
        File.WriteAllText(ConfigPath, config.ToJsonString());
        var error = Assert.Throws<ModelPackageException>(() => RewardModel.Load(folder, 1));
        Assert.Contains(message, error.Message);
        Assert.Contains("reward_config.json", error.Message);
    }

    private string ConfigPath => Path.Combine(folder, "reward_config.json");

    private void WriteScoreType(string? scoreType)
    {
        var config = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        config.Remove("score_type");
        if (scoreType is not null) config["score_type"] = scoreType;
        File.WriteAllText(ConfigPath, config.ToJsonString());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
