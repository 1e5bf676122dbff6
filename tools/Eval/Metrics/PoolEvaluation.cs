using Inference.Eval.Data;
using Inference.Eval.Sampling;

namespace Inference.Eval.Metrics;

/// <summary>Computes every metric of one schedule's pool: per-problem scores in parallel, then bootstrap intervals.</summary>
public static class PoolEvaluation
{
    public sealed record Settings(int Trials, int Seed, int BootstrapResamples, int AdaptiveBudget);

    public static ScheduleResult Evaluate(IReadOnlyList<PoolProblem> pool, Settings settings, IProgress<int>? problemsDone = null)
    {
        if (pool.Count == 0) throw new InvalidEvalInputException("The pool is empty.");
        var schedule = pool[0].Schedule;
        var maxN = pool.Min(p => p.Samples.Count);
        if (pool.Any(p => p.Samples.Count != maxN))
            throw new InvalidEvalInputException($"Schedule {schedule}: problems have different sample counts ({maxN}..{pool.Max(p => p.Samples.Count)}).");
        var withRewards = pool.All(p => p.Samples.All(s => s.Reward is not null));
        var budget = Math.Min(settings.AdaptiveBudget, maxN);
        var columns = ProblemEvaluator.Columns(maxN, withRewards, budget);
        var evaluator = new ProblemEvaluator(columns, settings.Trials, settings.Seed, budget);
        var scores = new double[pool.Count][];
        Parallel.For(0, pool.Count, i =>
        {
            scores[i] = evaluator.Score(pool[i], i);
            problemsDone?.Report(1);
        });
        var values = Bootstrap.MeanIntervals(scores, settings.BootstrapResamples, settings.Seed);
        var samples = pool.SelectMany(p => p.Samples).ToList();
        return new ScheduleResult(schedule, pool.Count, maxN, settings.Trials, samples.Average(s => s.Tokens),
            samples.Count(s => s.Correct) / (double)samples.Count, columns, values);
    }
}
