using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Pipeline.Sources;
using Inference.Selection;

namespace Inference.Pipeline.Tests;

/// <summary>
/// weighted_majority by mean log-probability over a pool whose backends may not return logprobs (vLLM does when asked,
/// other OpenAI-compatible servers may not): with logprobs from every backend the votes are weighted; when one backend
/// sent none, selection falls back to majority voting and the fallback names that backend and how many of its samples
/// lacked them, never weighting some samples and not others. The backends are sources the test drives (what an
/// OpenAiSampleSource yields for a completion with or without logprobs); real replicas: ScaleOutTests in Server.Tests.
/// </summary>
public sealed class RemoteLogprobsTests
{
    [Fact]
    public async Task Weighted_majority_weighs_by_remote_logprobs_and_falls_back_explicitly_when_a_backend_returned_none()
    {
        // "a" (capacity 1) draws samples 0-1 and answers 1 confidently; "b" (capacity 2) draws 2-5 and answers 2 unsurely.
        // Weighted by exp(mean log-prob) answer 1 wins (2 * e^-0.1 > 4 * e^-10); by votes answer 2 does.
        var weighted = await RunAsync(new FixedSource("a", "#### 1", -0.1), new FixedSource("b", "#### 2", -10));
        Assert.Null(weighted.Fallback);
        Assert.Null(weighted.Selection.Explanation.Fallback);
        Assert.Equal("1", weighted.Selection.Best!.Answer!.Key.ToString());

        var degraded = await RunAsync(new FixedSource("a", "#### 1", -0.1), new FixedSource("b", "#### 2", null));
        Assert.Equal("2", degraded.Selection.Best!.Answer!.Key.ToString());
        Assert.NotNull(degraded.Fallback);
        Assert.StartsWith("weighted_majority could not rank (", degraded.Fallback);
        Assert.Contains("missing for candidate(s) 2, 3, 4, 5.", degraded.Fallback);
        Assert.Contains("b returned 4 sample(s) without logprobs.", degraded.Fallback);
        Assert.DoesNotContain("a returned", degraded.Fallback);
        Assert.EndsWith("fell back to majority voting.", degraded.Fallback);
        Assert.Equal([new SourceShare("a", 2, 1), new SourceShare("b", 4, 1, WithoutLogprobs: 4)], degraded.Sources);
    }

    private static async Task<PipelineResult> RunAsync(FixedSource a, FixedSource b)
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 8 });
        IReadOnlyList<ShardMember> members = [new ShardMember(a, 1), new ShardMember(b, 2)];
        var pool = new ShardedSampleSource("pool", _ => ValueTask.FromResult(members), new ShardingOptions());
        var pipeline = new TestTimeScalingPipeline(scheduler, source: pool);
        var options = new TestTimeScalingOptions
        {
            Strategy = SelectionStrategyNames.WeightedMajority, Weight = VoteWeight.MeanLogProbExp, Samples = 6,
            Answer = new AnswerExtractionSpec(AnswerFormat.Hash),
        };
        return await pipeline.RunAsync(new PipelineRequest([1, 2, 3], "Compute.", null, new SamplingParams { Seed = 1 }, options));
    }

    /// <summary>A backend that answers every sample with the same text and, when given, log-probability sum (one token).</summary>
    private sealed class FixedSource(string name, string text, double? logprob) : ISampleSource
    {
        public string Name => name;

        public bool CanDraw(SampleDraw draw) => true;

        public Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, CancellationToken cancellationToken)
        {
            var samples = Enumerable.Range(0, draw.Count)
                .Select(i => new SampleResult(draw.First + i, text, [7], FinishReason.Stop, logprob, draw.FirstSeed + i, null, null, null)).ToList();
            return Task.FromResult(new DrawnSamples(samples, 3, [new SourceShare(name, draw.Count, 1, WithoutLogprobs: logprob is null ? draw.Count : 0)]));
        }
    }
}
