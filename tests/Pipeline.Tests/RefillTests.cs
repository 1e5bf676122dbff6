using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline.Tests;

/// <summary>
/// Refill after early rejection, on the bundled model and reward model: refills take the next seeds of the request
/// (sample j is seed base + j, the plain request's sample j, up to where it was stopped), a refill is rejected exactly
/// when its own prefix scores below the first samples' lowest kept prefix reward (checked against the reward model
/// scoring the plain samples' prefixes independently), one refill starts per rejected sample while the budget has a
/// seat, the budget is never exceeded, the same seed decides the same way, and every row is freed.
/// </summary>
public sealed class RefillTests
{
    private const long Seed = 77;

    private static PipelineRequest Request(TestTimeScalingOptions options, int maxTokens = 64, long seed = Seed)
    {
        var lm = BundledModels.Lm;
        const string prompt = "Compute 7*3-8+2.";
        var rendered = lm.ApplyChatTemplate([new ChatMessage("user", prompt)]);
        return new PipelineRequest(lm.Tokenizer.Encode(rendered, addSpecialTokens: false), prompt, rendered,
            new SamplingParams { Temperature = 1.0, MaxTokens = maxTokens, Seed = seed }, options);
    }

    private static TestTimeScalingOptions BestOfN(int samples, EarlyRejectionSpec? rejection, int k = 1) => new()
    {
        Strategy = SelectionStrategyNames.BestOfN, Samples = samples, K = k, Answer = new AnswerExtractionSpec(AnswerFormat.Hash), EarlyRejection = rejection,
    };

    [Fact]
    public async Task RefillsAreTheNextSeedsAndAreJudgedAgainstTheFirstSamplesThreshold()
    {
        const int samples = 8, checkpoint = 16, maxTokens = 64, seats = 24;
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 32 });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(BundledModels.RewardModel));
        var spec = new EarlyRejectionSpec([checkpoint], 0.25, new RefillSpec(seats * maxTokens + maxTokens - 1));
        var progress = new Recorder();

        var refilled = await pipeline.RunAsync(Request(BestOfN(samples, spec)), progress);
        var again = await pipeline.RunAsync(Request(BestOfN(samples, spec)));
        var outcome = refilled.EarlyRejection!;
        var refill = outcome.Refill!;
        var started = outcome.Started;
        var plain = await pipeline.RunAsync(Request(BestOfN(started, null)));

        // One refill per rejected sample while seats remain: 8 first samples, 6 rejected at once, and the refills'
        // own rejections start more until the 24 seats are taken or nothing more is rejected.
        Assert.Equal(seats, refill.Seats);
        Assert.Equal(started, refilled.Samples.Count);
        Assert.Equal(started, samples + refill.Refilled);
        Assert.Equal(Math.Min(seats, samples + outcome.Checkpoints.Sum(c => c.Rejected + c.RefillsRejected)), started);
        var first = Assert.Single(outcome.Checkpoints);
        Assert.Equal((samples, 2, 6), (first.Scored, first.Kept, first.Rejected));
        Assert.Equal(refilled.Samples.Sum(s => s.Length), refill.TokensUsed);
        Assert.True(refill.TokensUsed <= refill.MaxTotalTokens);
        Assert.Equal(refilled.Cost.CompletionTokens, refill.TokensUsed);

        // Sample j is seed base + j: the plain request's sample j, whole when kept, its first tokens when rejected.
        var lm = BundledModels.Lm;
        var request = Request(BestOfN(samples, null));
        var prefixes = plain.Samples.Select(s => BundledModels.RewardModel.FormatText(request.Prompt,
            lm.Tokenizer.Decode(s.TokenIds.Take(checkpoint).ToArray(), skipSpecialTokens: true), request.RenderedPrompt)).ToArray();
        // The bundled reward model's score_type is logit: the verifier reports P(correct) = sigmoid(logit).
        var scores = BundledModels.RewardModel.Score(prefixes).Select(logit => 1 / (1 + Math.Exp(-logit))).ToArray();
        var kept = refilled.Candidates.Select(c => c.Index).ToHashSet();
        var firstKept = Enumerable.Range(0, samples).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(2).ToArray();
        var threshold = firstKept.Min(i => scores[i]);
        Assert.Equal(threshold, first.Threshold!.Value, 5);
        for (var j = 0; j < started; j++)
        {
            var sample = refilled.Samples[j];
            Assert.Equal(Seed + j, sample.Seed);
            if (kept.Contains(j)) Assert.Equal(plain.Samples[j].TokenIds, sample.TokenIds);
            else
            {
                // A rejected row runs on while the reward model scores (it may even end by itself meanwhile).
                Assert.True(sample.Length >= checkpoint, $"sample {j} has {sample.Length} tokens");
                Assert.Equal(plain.Samples[j].TokenIds.Take(sample.Length), sample.TokenIds);
            }
            if (j < samples) Assert.Equal(firstKept.Contains(j), kept.Contains(j));
            else if (Math.Abs(scores[j] - threshold) > 1e-5 && plain.Samples[j].Length >= checkpoint)
                Assert.True(scores[j] >= threshold == kept.Contains(j), $"refill {j}: prefix reward {scores[j]} against threshold {threshold}");
        }
        Assert.Equal(outcome.Finished, refilled.Candidates.Count);
        Assert.True(first.RefillsRejected > 0, $"no refill fell below the threshold {threshold}: the test would not see the chain " +
                                               $"(prefix rewards {string.Join(", ", scores.Select(x => x.ToString("F6")))})");

        // Streamed progress counts the refills; the same seed decides the same way; every row was freed.
        var last = progress.Reports.Last(p => p.Stage == "sampling");
        Assert.Equal((started, started, refill.Refilled), (last.SamplesDone, last.SamplesPlanned, last.Refilled));
        Assert.Equal(outcome.Started, again.EarlyRejection!.Started);
        Assert.Equal(outcome.Checkpoints.Select(c => (c.Rejected, c.RefillsScored, c.RefillsRejected)),
            again.EarlyRejection.Checkpoints.Select(c => (c.Rejected, c.RefillsScored, c.RefillsRejected)));
        Assert.Equal(refilled.Candidates.Select(c => c.Text), again.Candidates.Select(c => c.Text));
        // The chosen text and its index: identical texts, whose scores carry batch-composition noise (~1e-7) from rows
        // that joined and left at different steps, are represented by the first seen.
        Assert.Equal(refilled.Selection.Best!.Text, again.Selection.Best!.Text);
        Assert.Equal(refilled.Selection.Best!.Index, again.Selection.Best!.Index);
        Assert.Equal(0, scheduler.Stats.ActiveRows);
        Assert.Equal(0, scheduler.Stats.ReservedKvTokens);
    }

    [Fact]
    public async Task NeverExceedsTheBudgetOverRandomSettings()
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 16 });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(BundledModels.RewardModel));
        var random = new Random(2026);
        for (var run = 0; run < 12; run++)
        {
            var samples = random.Next(2, 9);
            var k = random.Next(1, samples + 1);
            var maxTokens = random.Next(8, 33);
            var checkpoints = Enumerable.Range(0, random.Next(1, 4)).Select(_ => (double)random.Next(1, maxTokens)).Distinct().Order().ToArray();
            var keep = new[] { 0.25, 0.5, 0.75 }[random.Next(3)];
            var budget = samples * maxTokens + random.Next(0, 2 * samples * maxTokens);
            var spec = new EarlyRejectionSpec(checkpoints, keep, new RefillSpec(budget));
            var setting = $"run {run}: samples {samples}, k {k}, max_tokens {maxTokens}, checkpoints [{string.Join(",", checkpoints)}], keep {keep}, budget {budget}";

            var result = await pipeline.RunAsync(Request(BestOfN(samples, spec, k), maxTokens, seed: 1000 + run));
            var outcome = result.EarlyRejection!;
            Assert.True(result.Cost.CompletionTokens <= budget, setting);
            Assert.True(outcome.Started <= budget / maxTokens, setting);
            Assert.Equal(result.Cost.CompletionTokens, outcome.Refill!.TokensUsed);
            Assert.Equal(Math.Min(budget / maxTokens, samples + outcome.Checkpoints.Sum(c => c.Rejected + c.RefillsRejected)), outcome.Started);
            Assert.True(result.Candidates.Count >= k, setting);
            Assert.Equal(outcome.Finished, result.Candidates.Count);
            Assert.Equal(Enumerable.Range(0, outcome.Started).Select(j => 1000L + run + j), result.Samples.Select(s => s.Seed));
            Assert.Equal(0, scheduler.Stats.ActiveRows);
            Assert.Equal(0, scheduler.Stats.ReservedKvTokens);
        }
    }

    [Fact]
    public async Task RefusesABudgetThatCannotHoldTheFirstSamples()
    {
        await using var scheduler = new GenerationScheduler(BundledModels.Lm, new SchedulerOptions { MaxBatchRows = 8 });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(BundledModels.RewardModel));
        var error = await Assert.ThrowsAsync<PipelineConfigurationException>(() =>
            pipeline.RunAsync(Request(BestOfN(8, new EarlyRejectionSpec([4], 0.5, new RefillSpec(8 * 64 - 1))))));
        Assert.Equal("test_time_scaling.early_rejection.max_total_tokens", error.Parameter);
    }

    /// <summary>Records progress synchronously (<see cref="Progress{T}"/> would post it later).</summary>
    private sealed class Recorder : IProgress<PipelineProgress>
    {
        private readonly List<PipelineProgress> reports = new();

        public IReadOnlyList<PipelineProgress> Reports
        {
            get { lock (reports) return reports.ToArray(); }
        }

        public void Report(PipelineProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
