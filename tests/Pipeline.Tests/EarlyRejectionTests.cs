using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline.Tests;

/// <summary>
/// Early rejection on the bundled model and reward model: the samples kept at a checkpoint are the ones whose prefix
/// the reward model scores highest (checked by scoring the unpruned run's prefixes independently), the kept samples
/// are exactly the unpruned run's samples with the same seeds, the rejected ones stop early and free their rows, and
/// the same seed gives the same decisions.
/// </summary>
public sealed class EarlyRejectionTests
{
    private const int Samples = 16;
    private const int Checkpoint = 8;
    private const double Keep = 0.25;

    private static PipelineRequest Request(TestTimeScalingOptions options)
    {
        var lm = BundledModels.Lm;
        const string prompt = "Compute 7*3-8+2.";
        var rendered = lm.ApplyChatTemplate([new ChatMessage("user", prompt)]);
        return new PipelineRequest(lm.Tokenizer.Encode(rendered, addSpecialTokens: false), prompt, rendered,
            new SamplingParams { Temperature = 1.0, MaxTokens = 64, Seed = 77 }, options);
    }

    private static TestTimeScalingOptions BestOfN(EarlyRejectionSpec? rejection) => new()
    {
        Strategy = SelectionStrategyNames.BestOfN, Samples = Samples, Answer = new AnswerExtractionSpec(AnswerFormat.Hash), EarlyRejection = rejection,
    };

    [Fact]
    public async Task KeepsTheBestScoredPrefixesAndTheirSamplesAreTheUnprunedOnes()
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 32 });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(BundledModels.RewardModel));
        var spec = new EarlyRejectionSpec([Checkpoint], Keep);

        var unpruned = await pipeline.RunAsync(Request(BestOfN(null)));
        var pruned = await pipeline.RunAsync(Request(BestOfN(spec)));
        var again = await pipeline.RunAsync(Request(BestOfN(spec)));

        // Every sample of this prompt runs past 8 tokens, so all 16 are judged and 4 go on.
        Assert.All(unpruned.Samples, s => Assert.True(s.Length > Checkpoint));
        var outcome = pruned.EarlyRejection!;
        var checkpoint = Assert.Single(outcome.Checkpoints);
        Assert.Equal((Checkpoint, Samples, 4, 12), (checkpoint.Tokens, checkpoint.Scored, checkpoint.Kept, checkpoint.Rejected));
        Assert.Equal(Samples, outcome.Started);
        Assert.Equal(4, outcome.Finished);

        // The independent reference: the reward model's scores of the unpruned samples' first 8 tokens.
        var lm = BundledModels.Lm;
        var request = Request(BestOfN(null));
        var prefixes = unpruned.Samples.Select(s => BundledModels.RewardModel.FormatText(request.Prompt,
            lm.Tokenizer.Decode(s.TokenIds.Take(Checkpoint).ToArray(), skipSpecialTokens: true), request.RenderedPrompt)).ToArray();
        var scores = BundledModels.RewardModel.Score(prefixes);
        var expectedKept = Enumerable.Range(0, Samples).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(4).Order().ToArray();
        Assert.Equal(expectedKept, pruned.Candidates.Select(c => c.Index).Order().ToArray());

        for (var i = 0; i < Samples; i++)
        {
            var sample = pruned.Samples[i];
            if (expectedKept.Contains(i))
            {
                Assert.Equal(unpruned.Samples[i].TokenIds, sample.TokenIds);
                continue;
            }
            // A rejected row stops at the step after the decision: it holds the unpruned sample's first tokens, at least 8.
            Assert.True(sample.Length >= Checkpoint, $"sample {i} has {sample.Length} tokens");
            Assert.Equal(unpruned.Samples[i].TokenIds.Take(sample.Length), sample.TokenIds);
        }
        Assert.Equal(pruned.Samples.Where((_, i) => !expectedKept.Contains(i)).Sum(s => s.Length), outcome.RejectedTokens);
        // Each rejected sample is a prefix of its unpruned one, so the run never costs more; how much it saves depends on
        // how far rejected rows ran while the reward model scored, which a loaded machine can stretch to the whole sample.
        Assert.True(pruned.Cost.CompletionTokens <= unpruned.Cost.CompletionTokens);

        // The same seed decides the same way (only how far rejected rows ran past the checkpoint may differ).
        Assert.Equal(pruned.Candidates.Select(c => c.Text), again.Candidates.Select(c => c.Text));
        Assert.Equal(pruned.Selection.Best!.Index, again.Selection.Best!.Index);
        Assert.Equal(0, scheduler.Stats.ActiveRows);
        Assert.Equal(0, scheduler.Stats.ReservedKvTokens);
    }

    [Fact]
    public async Task NeverKeepsFewerThanKAndSkipsACheckpointWithNothingToReject()
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 8 });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(BundledModels.RewardModel));
        var result = await pipeline.RunAsync(Request(BestOfN(new EarlyRejectionSpec([4, 0.25], 0.1)) with { Samples = 8, K = 3 }));
        var outcome = result.EarlyRejection!;
        Assert.Equal([4, 16], outcome.Checkpoints.Select(c => c.Tokens));
        Assert.Equal(3, outcome.Checkpoints[0].Kept); // ceil(0.1 x 8) = 1, raised to k
        Assert.Equal(5, outcome.Checkpoints[0].Rejected);
        Assert.Equal(0, outcome.Checkpoints[1].Rejected);
        Assert.NotNull(outcome.Checkpoints[1].Skipped);
        Assert.Equal(3, result.Candidates.Count);
    }

    [Fact]
    public async Task NeedsARewardRankedStrategyAndNoWaves()
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 8 });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(BundledModels.RewardModel));
        var majority = Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(BestOfN(new EarlyRejectionSpec([4], 0.5)) with { Strategy = SelectionStrategyNames.Majority }));
        Assert.Equal("test_time_scaling.early_rejection", majority.Parameter);
        var waves = Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(BestOfN(new EarlyRejectionSpec([4], 0.5)) with { EarlyStop = new EarlyStopSpec("beta") }));
        Assert.Equal("test_time_scaling.early_rejection", waves.Parameter);
    }
}
