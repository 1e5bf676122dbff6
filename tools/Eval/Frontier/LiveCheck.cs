using System.Diagnostics;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Eval.Sampling;
using Inference.Pipeline;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Eval.Frontier;

/// <summary>
/// Runs early rejection for real on the first problems of the pool (the in-process pipeline, the engine stopping rows)
/// with the pool's own seeds, and compares with the replay of the same run (all N_max pool samples in seed order): the
/// samples kept must be the same, and their texts the pool's; the tokens differ by what rejected rows generated
/// between the checkpoint and the decode step that stopped them (the replay charges none), which is measured here.
/// </summary>
public static class LiveCheck
{
    public sealed record Result(int Problems, int SameKept, int SameTexts, long LiveTokens, long ReplayTokens, long RejectedLive, long RejectedAtCheckpoints,
        int SameChoiceCorrectness, int LiveCorrect, int ReplayCorrect, double Seconds);

    public static async Task<Result> RunAsync(IReadOnlyList<PoolProblem> pool, int count, EarlyRejectionSpec spec, PrefixRewards prefixes, string modelPath,
        string rewardPath, ScheduleSpec schedule, long poolSeed, int maxTokens, CancellationToken ct)
    {
        using var package = ModelPackage.Load(modelPath);
        using var reward = RewardModel.Load(rewardPath);
        var n = pool[0].Samples.Count;
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions
        {
            MaxBatchRows = 2 * n, MaxKvTokens = 2L * 2 * n * package.Descriptor.ContextLength, MaxQueuedRequests = 4, // as EvalRun: two copies of the rows
        });
        var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(reward));
        int sameKept = 0, sameTexts = 0, sameCorrect = 0, liveCorrect = 0, replayCorrect = 0;
        long liveTokens = 0, replayTokens = 0, rejectedLive = 0, rejectedReplay = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Math.Min(count, pool.Count); i++)
        {
            var problem = pool[i];
            var rendered = package.ChatTemplate is null ? problem.Prompt : package.ApplyChatTemplate([new ChatMessage("user", problem.Prompt)]);
            var tokens = package.Tokenizer.Encode(rendered, addSpecialTokens: package.ChatTemplate is null);
            var sampling = new SamplingParams { TemperatureSchedule = schedule.Schedule, MaxTokens = maxTokens, Seed = poolSeed + ((long)i * n) };
            var options = new TestTimeScalingOptions { Strategy = SelectionStrategyNames.BestOfN, Samples = n, EarlyRejection = spec };
            var live = await pipeline.RunAsync(new PipelineRequest(tokens, problem.Prompt, rendered, sampling, options), null, ct).ConfigureAwait(false);

            // The replay of this run: samples 0..n-1 in seed order, judged by the pool's prefix rewards.
            var rejectedAt = FrontierReplay.RejectedAt(problem, Enumerable.Range(0, n).ToArray(), spec, prefixes, maxTokens);
            var kept = Enumerable.Range(0, n).Where(j => rejectedAt[j] is null).ToArray();
            var liveKept = live.Candidates.Select(c => c.Index).Order().ToArray();
            if (kept.SequenceEqual(liveKept)) sameKept++;
            if (live.Candidates.All(c => c.Text == problem.Samples[c.Index].Text)) sameTexts++;
            int? chosen = live.Selection.Best?.Index;
            var replayBest = kept.MaxBy(j => problem.Samples[j].Reward ?? double.NegativeInfinity);
            var liveRight = live.Selection.Best?.Answer is { } answer && AnswerCheck.IsCorrect(answer, AnswerNormalizer.Normalize(problem.Reference));
            if (liveRight) liveCorrect++;
            if (problem.Samples[replayBest].Correct) replayCorrect++;
            if (chosen is not null && liveRight == problem.Samples[replayBest].Correct) sameCorrect++;
            liveTokens += live.Cost.CompletionTokens;
            rejectedLive += live.EarlyRejection!.RejectedTokens;
            rejectedReplay += rejectedAt.Sum(c => c ?? 0);
            replayTokens += kept.Sum(j => problem.Samples[j].Tokens) + rejectedAt.Sum(c => c ?? 0);
        }
        return new Result(Math.Min(count, pool.Count), sameKept, sameTexts, liveTokens, replayTokens, rejectedLive, rejectedReplay, sameCorrect,
            liveCorrect, replayCorrect, clock.Elapsed.TotalSeconds);
    }
}
