using System.Text.Json;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Selection;
using Inference.Verifiers;
using Xunit.Abstractions;

namespace Inference.Pipeline.Tests;

/// <summary>The bundled reward model through the project's loader and tokenizer, on the bundled LM's own output.</summary>
public sealed class BundledRewardModelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task GreedyAnswerFromTheLmIsScoredByTheRewardModel()
    {
        var lm = BundledModels.Lm;
        Assert.Equal(KvCacheLayout.SeparateKeyValue, lm.Descriptor.Interface.KvCache.Layout);
        Assert.Empty(lm.Descriptor.Warnings);
        var problem = BundledModels.EvalProblems[0];
        var rendered = lm.ApplyChatTemplate([new ChatMessage("user", problem.Prompt)]);
        await using var scheduler = new GenerationScheduler(lm);
        var result = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = lm.Tokenizer.Encode(rendered, addSpecialTokens: false),
            Sampling = new SamplingParams { Temperature = 0, MaxTokens = 120 },
        });
        var sample = result.Samples[0];
        output.WriteLine($"{problem.Prompt} -> {sample.Text} (reference {problem.Answer})");
        Assert.Equal(FinishReason.Stop, sample.FinishReason);                       // ended with <|im_end|>
        Assert.Contains(lm.Descriptor.EosTokenIds, id => id == sample.TokenIds[^1]);
        Assert.Matches(@"#### -?\d+$", sample.Text);

        var verifier = new RewardModelVerifier(BundledModels.RewardModel);
        var candidates = new[] { new Candidate(0, sample.Text), new Candidate(1, problem.Solution) };
        var verdicts = await verifier.VerifyAsync(new VerificationRequest(problem.Prompt, null, rendered), candidates, default);
        Assert.All(verdicts, v => Assert.Equal(VerdictStatus.Scored, v.Status));
        Assert.All(verdicts, v => Assert.True(double.IsFinite(v.Score!.Value)));
        // The same text scored with and without the rendered prompt is the same input.
        var again = await verifier.VerifyAsync(new VerificationRequest(problem.Prompt), candidates, default);
        Assert.Equal(verdicts.Select(v => v.Score), again.Select(v => v.Score));
    }

    [Fact]
    public async Task GreedyAnswersAndRewardScoresMatchThePyTorchGoldens()
    {
        // models/golden.json: what PyTorch computed for a few held-out prompts (greedy ids, reward scores).
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(BundledModels.RepositoryRoot, "models", "golden.json")));
        var lm = BundledModels.Lm;
        await using var scheduler = new GenerationScheduler(lm);
        foreach (var c in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            var rendered = lm.ApplyChatTemplate([new ChatMessage("user", c.GetProperty("prompt").GetString()!)]);
            Assert.Equal(c.GetProperty("rendered_prompt").GetString(), rendered);
            var promptIds = lm.Tokenizer.Encode(rendered, addSpecialTokens: false);
            Assert.Equal(c.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()), promptIds);
            var result = await scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = promptIds, Sampling = new SamplingParams { Temperature = 0, MaxTokens = 120 },
            });
            var sample = result.Samples[0];
            var expected = c.GetProperty("greedy_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            if (c.GetProperty("greedy_stopped_at_eos").GetBoolean()) expected.Add(golden.RootElement.GetProperty("eos_token_id").GetInt32());
            Assert.Equal(expected, sample.TokenIds);
            Assert.Equal(c.GetProperty("greedy_text").GetString(), sample.Text);

            // The model returns the logit PyTorch computed; the verifier turns it into P(correct) as reward_config.json says.
            var logit = BundledModels.RewardModel.Score([BundledModels.RewardModel.FormatText(c.GetProperty("prompt").GetString()!, sample.Text)])[0];
            var expectedLogit = c.GetProperty("reward_score").GetDouble();
            output.WriteLine($"{c.GetProperty("id").GetString()}: {sample.Text} reward logit {logit:F5} (PyTorch {expectedLogit:F5})");
            Assert.Equal(expectedLogit, logit, 1e-4);
            var verdicts = await new RewardModelVerifier(BundledModels.RewardModel)
                .VerifyAsync(new VerificationRequest(c.GetProperty("prompt").GetString()!, null, rendered), [new Candidate(0, sample.Text)], default);
            Assert.Equal(1 / (1 + Math.Exp(-expectedLogit)), verdicts[0].Score!.Value, 1e-5);
        }
    }
}
