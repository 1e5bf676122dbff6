using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Selection;

namespace Inference.Pipeline.Tests;

/// <summary>
/// One budget across prompts on the bundled model: the budget is never exceeded, each prompt's samples are the ones a
/// single request of that many samples draws with the same seed (waves do not change samples), the allocation
/// follows the rule (every prompt gets the first wave; later waves only go to unsettled prompts), and the KV rows are
/// all released afterwards.
/// </summary>
public sealed class BudgetedRunTests
{
    private static readonly string[] Prompts = ["Compute 4-4-8.", "Compute 7*3-8+2.", "Compute 9*8-7*6.", "Compute 2+3.", "Compute 6*7-9*5+3.", "Compute 5-9*2."];

    private static PipelineRequest Request(int p, int samples)
    {
        var lm = BundledModels.Lm;
        var rendered = lm.ApplyChatTemplate([new ChatMessage("user", Prompts[p])]);
        return new PipelineRequest(lm.Tokenizer.Encode(rendered, addSpecialTokens: false), Prompts[p], rendered,
            new SamplingParams { Temperature = 1.0, MaxTokens = 64, Seed = 500 + (p * 100) },
            new TestTimeScalingOptions { Strategy = SelectionStrategyNames.Majority, Samples = samples, Answer = new AnswerExtractionSpec(AnswerFormat.Hash) });
    }

    [Fact]
    public async Task SpendsTheBudgetWhereVotesAreSplitAndDrawsTheSamplesASingleRequestWould()
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 32 });
        var pipeline = new TestTimeScalingPipeline(scheduler);
        var budget = new SampleBudget(Total: 40, WaveSize: 4, MaxPerPrompt: 16, Threshold: 0.95);
        var results = await pipeline.RunBudgetedAsync(Enumerable.Range(0, Prompts.Length).Select(p => Request(p, 16)).ToArray(), budget);

        var used = results.Sum(r => r.Cost.Samples);
        Assert.True(used <= 40, $"{used} samples");
        Assert.All(results, r => Assert.Equal(used, r.Budget!.Used));
        Assert.All(results, r => Assert.InRange(r.Cost.Samples, 4, 16));
        for (var p = 0; p < Prompts.Length; p++)
        {
            var share = results[p].Budget!;
            // Beyond the first wave, a prompt got samples only while it was unsettled: a settled one stopped at a wave boundary.
            if (results[p].Cost.Samples > 4) Assert.True(results[p].Cost.Waves > 1);
            var alone = await pipeline.RunAsync(Request(p, results[p].Cost.Samples));
            Assert.Equal(alone.Samples.Select(s => s.TokenIds), results[p].Samples.Select(s => s.TokenIds));
            Assert.Equal(BudgetAllocator.ConfidenceOf(results[p].Candidates.Select(c => c.Answer?.Key).ToList()), share.Confidence, 9);
        }
        // Prompts whose first 4 answers agree (P >= 0.95) get nothing more; with 16 samples left over, some prompt gets more.
        Assert.Contains(results, r => r.Cost.Samples == 4 && r.Budget!.Confidence >= 0.95);
        Assert.Contains(results, r => r.Cost.Samples > 4);
        Assert.Equal(0, scheduler.Stats.ActiveRows);
    }

    [Fact]
    public async Task RefusesTheWaveOptionsItReplaces()
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 8 });
        var pipeline = new TestTimeScalingPipeline(scheduler);
        var request = Request(0, 8) with { Options = Request(0, 8).Options with { EarlyStop = new EarlyStopSpec("beta") } };
        var error = await Assert.ThrowsAsync<PipelineConfigurationException>(() => pipeline.RunBudgetedAsync([request], new SampleBudget(8, 4, 8, 0.95)));
        Assert.Equal("test_time_scaling.budget", error.Parameter);
    }
}
