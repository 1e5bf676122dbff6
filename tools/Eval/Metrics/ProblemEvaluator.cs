using Inference.Eval.Sampling;
using Inference.Selection;

namespace Inference.Eval.Metrics;

/// <summary>
/// Scores one problem's pool for every <see cref="MetricColumn"/>: coverage by the unbiased pass@N estimator (exact,
/// no sampling); strategy@N as the mean over <see cref="Trials"/> random N-subsets (seeded; every strategy sees the
/// same subsets); Pass@k at N_max; and adaptive stopping replayed over random orders of the pool.
/// </summary>
public sealed class ProblemEvaluator(IReadOnlyList<MetricColumn> columns, int trials, int seed, int adaptiveBudget)
{
    public int Trials => trials;

    public static IReadOnlyList<MetricColumn> Columns(int maxN, bool withRewards, int adaptiveBudget)
    {
        var columns = new List<MetricColumn>();
        var sizes = StrategyCurves.Sizes(maxN);
        columns.AddRange(sizes.Select(n => new MetricColumn(StrategyCurves.Coverage, n)));
        foreach (var (name, _, _) in StrategyCurves.Selections(withRewards))
        {
            columns.AddRange(sizes.Select(n => new MetricColumn(name, n)));
            columns.AddRange(StrategyCurves.PassAtKs.Where(k => k > 1 && k <= maxN).Select(k => new MetricColumn(name, maxN, k)));
        }
        columns.AddRange(StrategyCurves.PassAtKs.Where(k => k > 1 && k <= maxN).Select(k => new MetricColumn(StrategyCurves.Coverage, maxN, k)));
        foreach (var rule in new[] { StrategyCurves.AdaptiveBeta, StrategyCurves.AdaptiveEsc })
        {
            columns.Add(new MetricColumn(rule, adaptiveBudget));
            columns.Add(new MetricColumn(rule, adaptiveBudget, Quantity: MetricColumn.SamplesUsed));
        }
        return columns;
    }

    public static IReadOnlyList<Candidate> Candidates(PoolProblem problem) => problem.Samples.Select((s, i) =>
    {
        var candidate = new Candidate(i, s.Text, s.Tokens, s.Tokens > 0 ? Math.Min(0, s.LogprobSum) : null);
        if (s.Answer is not null) candidate = candidate.WithAnswer(ExtractedAnswer.From(s.Answer));
        return s.Reward is { } r ? candidate.WithReward(r) : candidate;
    }).ToList();

    public double[] Score(PoolProblem problem, int problemIndex)
    {
        var pool = Candidates(problem);
        var correct = problem.Samples.Select(s => s.Correct).ToArray();
        bool IsCorrect(Candidate c) => correct[c.Index];
        var withRewards = pool.All(c => c.Reward is not null);
        var selections = StrategyCurves.Selections(withRewards).ToDictionary(s => s.Name);
        var c = problem.CorrectCount;
        var values = new double[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            if (column.N > pool.Count) throw new ArgumentException($"Problem {problem.Id} has {pool.Count} samples; the metrics need {column.N}.");
            var subsetSeed = SubsetSeed(seed, problemIndex, column.N);
            values[i] = column.Strategy switch
            {
                // Coverage at N is pass@N; its Pass@k row (at N_max) is pass@k, the chance k random samples hold a correct one.
                StrategyCurves.Coverage => PassAtK.Estimate(pool.Count, c, column.K > 1 ? column.K : column.N),
                StrategyCurves.AdaptiveBeta or StrategyCurves.AdaptiveEsc => Adaptive(column, pool, IsCorrect, subsetSeed),
                _ when selections.TryGetValue(column.Strategy, out var s) =>
                    SubsetAccuracy.AtN(pool, IsCorrect, s.Strategy, s.Options with { K = column.K }, column.N, trials, subsetSeed),
                _ => throw new ArgumentException($"Column {column} needs rewards, and problem {problem.Id} has samples without one."),
            };
        }
        return values;
    }

    /// <summary>A seed per (run seed, problem, N) that is the same in every process (HashCode.Combine is not).</summary>
    public static int SubsetSeed(int seed, int problemIndex, int n)
    {
        unchecked
        {
            var h = (uint)seed * 2654435761u;
            h = (h ^ (uint)problemIndex) * 2246822519u;
            h = (h ^ (uint)n) * 3266489917u;
            return (int)(h ^ (h >> 15));
        }
    }

    private double Adaptive(MetricColumn column, IReadOnlyList<Candidate> pool, Func<Candidate, bool> isCorrect, int subsetSeed)
    {
        var run = AdaptiveStoppingReplay.Run(pool, isCorrect, column.Strategy == StrategyCurves.AdaptiveBeta
            ? AdaptiveStopper.AdaptiveConsistency(adaptiveBudget)
            : AdaptiveStopper.EarlyStoppingSelfConsistency(adaptiveBudget), trials, subsetSeed);
        return column.Quantity == MetricColumn.SamplesUsed ? run.MeanSamples : run.Accuracy;
    }
}
