using System.Numerics;
using Inference.Eval.Metrics;
using static Inference.Tools.Tests.Eval.SyntheticPools;

namespace Inference.Tools.Tests.Eval;

public class ProblemEvaluatorTests
{
    private static double Value(ProblemEvaluator evaluator, IReadOnlyList<MetricColumn> columns, double[] values, string strategy, int n, int k = 1,
        string quantity = MetricColumn.Accuracy)
    {
        var index = columns.ToList().FindIndex(c => c.Strategy == strategy && c.N == n && c.K == k && c.Quantity == quantity);
        Assert.True(index >= 0, $"no column {strategy}@{n} k={k} {quantity}");
        return values[index];
    }

    private static BigInteger Choose(int n, int k)
    {
        if (k < 0 || k > n) return BigInteger.Zero;
        BigInteger result = BigInteger.One;
        for (var i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    [Fact]
    public void Coverage_is_the_exact_combinatorial_pass_at_n()
    {
        // 16 samples, 3 correct: pass@N = 1 - C(13, N) / C(16, N).
        var problem = Problem("p", [.. Repeat("5", 0.5, 3), .. Repeat("7", 0.5, 13)]);
        var columns = ProblemEvaluator.Columns(16, withRewards: true, adaptiveBudget: 10);
        var evaluator = new ProblemEvaluator(columns, trials: 4, seed: 1, adaptiveBudget: 10);
        var values = evaluator.Score(problem, 0);
        foreach (var n in new[] { 1, 2, 4, 8, 16 })
        {
            var exact = 1 - (double)Choose(13, n) / (double)Choose(16, n);
            Assert.Equal(exact, Value(evaluator, columns, values, StrategyCurves.Coverage, n), 12);
        }
        Assert.Equal(1.0, Value(evaluator, columns, values, StrategyCurves.Coverage, 16));
        Assert.Equal(1 - (double)Choose(13, 5) / (double)Choose(16, 5), Value(evaluator, columns, values, StrategyCurves.Coverage, 16, k: 5), 12);
    }

    [Fact]
    public void Majority_at_n_max_follows_the_plurality_and_at_one_the_sample_accuracy()
    {
        var columns = ProblemEvaluator.Columns(8, withRewards: true, adaptiveBudget: 8);
        var evaluator = new ProblemEvaluator(columns, trials: 800, seed: 3, adaptiveBudget: 8);
        var right = evaluator.Score(Problem("right", [.. Repeat("5", 0.1, 5), .. Repeat("7", 0.9, 2), ("9", 0.9)]), 0);
        Assert.Equal(1.0, Value(evaluator, columns, right, StrategyCurves.Majority, 8));
        Assert.InRange(Value(evaluator, columns, right, StrategyCurves.Majority, 1), 5 / 8.0 - 0.06, 5 / 8.0 + 0.06);

        var wrong = evaluator.Score(Problem("wrong", [.. Repeat("5", 0.9, 3), .. Repeat("7", 0.1, 5)]), 1);
        Assert.Equal(0.0, Value(evaluator, columns, wrong, StrategyCurves.Majority, 8));
        // Pass@3 of majority at N_max: the top 3 distinct answers include "5".
        Assert.Equal(1.0, Value(evaluator, columns, wrong, StrategyCurves.Majority, 8, k: 3));
    }

    [Fact]
    public void Best_of_n_falls_for_a_rare_high_reward_answer_and_best_of_majority_filters_it()
    {
        // 20 samples: 12 correct at reward 0.5, 7 x "9" at 0.1, one "7" at 0.9 (frequency 0.05).
        var problem = Problem("p", [.. Repeat("5", 0.5, 12), .. Repeat("9", 0.1, 7), ("7", 0.9)]);
        var columns = ProblemEvaluator.Columns(20, withRewards: true, adaptiveBudget: 20);
        var evaluator = new ProblemEvaluator(columns, trials: 50, seed: 5, adaptiveBudget: 20);
        var values = evaluator.Score(problem, 0);
        Assert.Equal(0.0, Value(evaluator, columns, values, StrategyCurves.BestOfN, 20));
        Assert.Equal(0.0, Value(evaluator, columns, values, StrategyCurves.BestOfMajority(0.005), 20));
        Assert.Equal(1.0, Value(evaluator, columns, values, StrategyCurves.BestOfMajority(0.1), 20));
        Assert.Equal(1.0, Value(evaluator, columns, values, StrategyCurves.WeightedMajority, 20));
        Assert.Equal(1.0, Value(evaluator, columns, values, StrategyCurves.Majority, 20));
        Assert.Equal(1.0, Value(evaluator, columns, values, StrategyCurves.BestOfN, 20, k: 3));
    }

    [Fact]
    public void Adaptive_stopping_stops_after_one_wave_when_all_answers_agree_and_uses_the_budget_when_split()
    {
        var columns = ProblemEvaluator.Columns(16, withRewards: true, adaptiveBudget: 15);
        var evaluator = new ProblemEvaluator(columns, trials: 20, seed: 9, adaptiveBudget: 15);
        var unanimous = evaluator.Score(Problem("u", Repeat("5", 0.5, 16)), 0);
        foreach (var rule in new[] { StrategyCurves.AdaptiveBeta, StrategyCurves.AdaptiveEsc })
        {
            Assert.Equal(5.0, Value(evaluator, columns, unanimous, rule, 15, quantity: MetricColumn.SamplesUsed));
            Assert.Equal(1.0, Value(evaluator, columns, unanimous, rule, 15));
        }

        // Sixteen different answers: the leader never has more than one vote and no window agrees, so both rules spend the budget.
        var split = evaluator.Score(Problem("s", Enumerable.Range(0, 16).Select(i => ((string?)(i + 10).ToString(), 0.5)).ToArray()), 1);
        Assert.Equal(15.0, Value(evaluator, columns, split, StrategyCurves.AdaptiveBeta, 15, quantity: MetricColumn.SamplesUsed));
        Assert.Equal(15.0, Value(evaluator, columns, split, StrategyCurves.AdaptiveEsc, 15, quantity: MetricColumn.SamplesUsed));
        Assert.Equal(0.0, Value(evaluator, columns, split, StrategyCurves.AdaptiveBeta, 15));
    }

    [Fact]
    public void Without_rewards_only_coverage_majority_and_adaptive_columns_exist()
    {
        var columns = ProblemEvaluator.Columns(4, withRewards: false, adaptiveBudget: 4);
        Assert.Equal(
            new[] { StrategyCurves.Coverage, StrategyCurves.Majority, StrategyCurves.AdaptiveBeta, StrategyCurves.AdaptiveEsc },
            columns.Select(c => c.Strategy).Distinct().ToArray());
    }

    [Fact]
    public void Subset_seeds_are_fixed_numbers_so_runs_reproduce_across_processes()
    {
        // Fixed values: a per-process randomized hash would change them between runs.
        Assert.Equal(ProblemEvaluator.SubsetSeed(20261121, 7, 16), ProblemEvaluator.SubsetSeed(20261121, 7, 16));
        Assert.Equal(-1658950944, ProblemEvaluator.SubsetSeed(1, 2, 3)); // computed independently in Python
        Assert.NotEqual(ProblemEvaluator.SubsetSeed(1, 2, 3), ProblemEvaluator.SubsetSeed(1, 3, 2));
    }
}
