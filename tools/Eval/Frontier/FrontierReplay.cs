using Inference.Eval.Metrics;
using Inference.Eval.Sampling;
using Inference.Pipeline;
using Inference.Selection;

namespace Inference.Eval.Frontier;

/// <summary>
/// Replays each way of spending samples on the pool. A pool sample is what the engine gives for its seed whatever
/// else runs beside it (batch invariance, and <c>SampleStopTests</c> for rows stopped early), so a run's samples are
/// pool samples: uniform N takes N of them, early rejection takes N and stops the ones its checkpoints reject (a
/// rejected sample costs the checkpoint's tokens: the replay counts no overshoot, see <see cref="FrontierReport"/>),
/// and a budget run draws each prompt's next pool samples as the allocator asks. Every figure is the mean over
/// <c>trials</c> random orders of each problem's pool (seeded per problem and N; all curves see the same orders).
/// </summary>
public sealed class FrontierReplay(IReadOnlyList<FrontierCurve> curves, PrefixRewards prefixes, int maxTokens, int trials, int seed)
{
    /// <summary>Accuracy, generated tokens and samples of one curve at one size.</summary>
    public sealed record Point(FrontierCurve Curve, int N);

    public IReadOnlyList<Point> Points { get; } = curves.SelectMany(c => c.Sizes.Select(n => new Point(c, n))).ToList();

    /// <summary>Per problem: for each point, (accuracy, tokens, samples) averaged over trials; [problem][point * 3 + q].</summary>
    public double[][] Run(IReadOnlyList<PoolProblem> pool)
    {
        var values = pool.Select(_ => new double[Points.Count * 3]).ToArray();
        Parallel.For(0, pool.Count, p =>
        {
            for (var i = 0; i < Points.Count; i++)
                if (Points[i].Curve is not BudgetCurve) Record(values[p], i, PerProblem(pool[p], p, Points[i]));
        });
        for (var i = 0; i < Points.Count; i++)
        {
            if (Points[i].Curve is not BudgetCurve budget) continue;
            var index = i;
            var batches = Enumerable.Range(0, (pool.Count + budget.BatchPrompts - 1) / budget.BatchPrompts).ToArray();
            Parallel.ForEach(batches, b =>
            {
                var members = Enumerable.Range(b * budget.BatchPrompts, Math.Min(budget.BatchPrompts, pool.Count - (b * budget.BatchPrompts))).ToArray();
                var outcomes = Budgeted(pool, members, budget, Points[index].N);
                for (var m = 0; m < members.Length; m++) Record(values[members[m]], index, outcomes[m]);
            });
        }
        return values;
    }

    private static void Record(double[] row, int point, (double Accuracy, double Tokens, double Samples) outcome)
    {
        row[point * 3] = outcome.Accuracy;
        row[point * 3 + 1] = outcome.Tokens;
        row[point * 3 + 2] = outcome.Samples;
    }

    private (double, double, double) PerProblem(PoolProblem problem, int problemIndex, Point point)
    {
        var pool = ProblemEvaluator.Candidates(problem);
        var (strategy, options) = FrontierCurves.Selection(point.Curve.Selection);
        var random = new Random(ProblemEvaluator.SubsetSeed(seed, problemIndex, point.N));
        var order = Enumerable.Range(0, pool.Count).ToArray();
        double hits = 0, tokens = 0, samples = 0;
        for (var t = 0; t < trials; t++)
        {
            Shuffle(order, point.N, random);
            var drawn = order.Take(point.N).ToArray();
            var kept = drawn;
            var spent = 0;
            if (point.Curve is RejectionCurve rejection)
                (kept, spent) = Reject(problem, drawn, rejection);
            spent += kept.Sum(j => problem.Samples[j].Tokens);
            var chosen = strategy.Select(kept.Select(j => pool[j]).ToArray(), options).Chosen;
            if (chosen.Any(c => problem.Samples[c.Index].Correct)) hits++;
            tokens += spent;
            samples += drawn.Length;
        }
        return (hits / trials, tokens / trials, samples / trials);
    }

    /// <summary>The samples left after the checkpoints, and the tokens the rejected ones cost (each up to its checkpoint).
    /// Sample i of the run is drawn[i]; ties in prefix reward keep the earlier one, as in the engine.</summary>
    private (int[] Kept, int RejectedTokens) Reject(PoolProblem problem, int[] drawn, RejectionCurve curve)
    {
        var rejectedAt = RejectedAt(problem, drawn, curve.Spec, prefixes, maxTokens);
        var kept = drawn.Where((_, i) => rejectedAt[i] is null).ToArray();
        return (kept, rejectedAt.Sum(c => c ?? 0));
    }

    /// <summary>The checkpoint at which each sample of a run (sample i is pool sample drawn[i]) is rejected, or null:
    /// the samples that reached a checkpoint are judged by their prefix rewards, k = 1.</summary>
    public static int?[] RejectedAt(PoolProblem problem, int[] drawn, EarlyRejectionSpec spec, PrefixRewards prefixes, int maxTokens)
    {
        var rejectedAt = new int?[drawn.Length];
        foreach (var c in spec.TokenCheckpoints(maxTokens))
        {
            var scores = prefixes.At(problem, c);
            var judged = Enumerable.Range(0, drawn.Length).Where(i => rejectedAt[i] is null && problem.Samples[drawn[i]].Tokens >= c).ToArray();
            foreach (var i in spec.Rejected(judged, judged.Select(i => scores[drawn[i]]).ToArray(), minimum: 1)) rejectedAt[i] = c;
        }
        return rejectedAt;
    }

    private (double, double, double)[] Budgeted(IReadOnlyList<PoolProblem> pool, int[] members, BudgetCurve curve, int perPrompt)
    {
        var totals = new (double Hits, double Tokens, double Samples)[members.Length];
        var candidates = members.Select(p => ProblemEvaluator.Candidates(pool[p])).ToArray();
        var maxPerPrompt = members.Min(p => pool[p].Samples.Count);
        var orders = members.Select(p => Enumerable.Range(0, pool[p].Samples.Count).ToArray()).ToArray();
        var randoms = members.Select(p => new Random(ProblemEvaluator.SubsetSeed(seed, p, 1_000_000 + perPrompt))).ToArray();
        var majority = new MajorityStrategy();
        for (var t = 0; t < trials; t++)
        {
            for (var m = 0; m < members.Length; m++) Shuffle(orders[m], orders[m].Length, randoms[m]);
            var allocator = new BudgetAllocator(perPrompt * members.Length, members.Length, curve.WaveSize, maxPerPrompt, curve.Threshold);
            var wave = allocator.FirstWave();
            while (wave.Any(n => n > 0))
                wave = allocator.NextWave(members.Select((_, m) => (IReadOnlyList<AnswerKey?>)orders[m].Take(allocator.Allocated[m])
                    .Select(j => candidates[m][j].Answer?.Key).ToList()).ToList());
            for (var m = 0; m < members.Length; m++)
            {
                var drawn = orders[m].Take(allocator.Allocated[m]).ToArray();
                var problem = pool[members[m]];
                if (majority.Select(drawn.Select(j => candidates[m][j]).ToArray(), SelectionOptions.Default).Chosen.Any(c => problem.Samples[c.Index].Correct))
                    totals[m].Hits++;
                totals[m].Tokens += drawn.Sum(j => problem.Samples[j].Tokens);
                totals[m].Samples += drawn.Length;
            }
        }
        return totals.Select(x => (x.Hits / trials, x.Tokens / trials, x.Samples / trials)).ToArray();
    }

    /// <summary>Partial Fisher-Yates: the first <paramref name="n"/> entries become a uniform random ordered n-subset.</summary>
    private static void Shuffle(int[] order, int n, Random random)
    {
        for (var i = 0; i < n; i++)
        {
            var j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
