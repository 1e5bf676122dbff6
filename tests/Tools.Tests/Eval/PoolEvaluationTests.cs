using Inference.Eval.Data;
using Inference.Eval.Metrics;
using Inference.Eval.Output;
using Inference.Eval.Sampling;
using static Inference.Tools.Tests.Eval.SyntheticPools;

namespace Inference.Tools.Tests.Eval;

public class PoolEvaluationTests
{
    private static IReadOnlyList<PoolProblem> Pool() =>
    [
        Problem("a", Repeat("5", 0.9, 8)),
        Problem("b", Repeat("7", 0.9, 8)),
        Problem("c", [.. Repeat("5", 0.2, 5), .. Repeat("7", 0.8, 3)]),
        Problem("d", [.. Repeat("5", 0.6, 2), .. Repeat("8", 0.1, 6)]),
    ];

    [Fact]
    public void Means_over_problems_match_the_per_problem_outcomes()
    {
        var result = PoolEvaluation.Evaluate(Pool(), new PoolEvaluation.Settings(Trials: 16, Seed: 1, BootstrapResamples: 200, AdaptiveBudget: 8));
        Assert.Equal(8, result.MaxN);
        // Coverage@8: a, c, d have a correct sample. Majority@8: a and c. BoN@8: a (0.9) and d (0.6 beats 0.1); c picks 7.
        Assert.Equal(0.75, result.Find(StrategyCurves.Coverage, 8)!.Mean, 12);
        Assert.Equal(0.5, result.Find(StrategyCurves.Majority, 8)!.Mean, 12);
        Assert.Equal(0.5, result.Find(StrategyCurves.BestOfN, 8)!.Mean, 12);
        var ci = result.Find(StrategyCurves.Majority, 8)!;
        Assert.InRange(ci.Low, 0, 0.5);
        Assert.InRange(ci.High, 0.5, 1);
        Assert.Equal(15 / 32.0, result.SampleAccuracy, 12);
    }

    [Fact]
    public void Bootstrap_of_a_constant_column_is_a_point_and_is_reproducible()
    {
        double[][] rows = [[1, 0.2], [1, 0.8], [1, 0.5]];
        var a = Bootstrap.MeanIntervals(rows, 500, seed: 4);
        var b = Bootstrap.MeanIntervals(rows, 500, seed: 4);
        Assert.Equal(a, b);
        Assert.Equal(new Bootstrap.Interval(1, 1, 1), a[0]);
        Assert.Equal(0.5, a[1].Mean, 12);
        Assert.True(a[1].Low >= 0.2 - 1e-12 && a[1].High <= 0.8 + 1e-12 && a[1].Low < 0.5 && a[1].High > 0.5);
    }

    [Fact]
    public void Problems_with_different_pool_sizes_are_refused()
    {
        var pools = new[] { Problem("a", Repeat("5", 0.5, 4)), Problem("b", Repeat("5", 0.5, 3)) };
        Assert.Throws<InvalidEvalInputException>(() => PoolEvaluation.Evaluate(pools, new PoolEvaluation.Settings(2, 1, 10, 4)));
    }

    [Fact]
    public void The_pool_file_round_trips_and_reports_bad_lines()
    {
        var path = Path.GetTempFileName();
        try
        {
            var pool = Pool();
            PoolFile.Write(path, pool);
            var back = PoolFile.Read(path);
            Assert.Equal(pool.Select(PoolFile.Serialize), back.Select(PoolFile.Serialize));
            File.AppendAllLines(path, ["{\"schedule\":\"x\"}"]);
            Assert.Contains(":5:", Assert.Throws<InvalidEvalInputException>(() => PoolFile.Read(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_gzip_pool_written_in_two_parts_reads_back_whole()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pool-{Guid.NewGuid():N}.jsonl.gz");
        try
        {
            var pool = Pool();
            PoolFile.Write(path, pool.Take(1));
            PoolFile.Append(path, pool.Skip(1));
            Assert.Equal(pool.Select(PoolFile.Serialize), PoolFile.Read(path).Select(PoolFile.Serialize));
            Assert.Equal(0x1f, File.ReadAllBytes(path)[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Markdown_and_csv_hold_every_curve()
    {
        var result = PoolEvaluation.Evaluate(Pool(), new PoolEvaluation.Settings(8, 1, 50, 8));
        var markdown = ResultTables.Markdown([result]);
        foreach (var curve in result.Curves) Assert.Contains($"| {AccuracyPlot.Label(curve)} |", markdown);
        var csv = ResultTables.Csv([result]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(result.Columns.Count + 1, csv.Length);
        Assert.Contains(csv, line => line.StartsWith("test,majority,8,1,accuracy,0.5,", StringComparison.Ordinal));
    }
}
