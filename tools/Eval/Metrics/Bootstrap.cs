namespace Inference.Eval.Metrics;

/// <summary>
/// Percentile bootstrap over problems: resample the problems with replacement <c>resamples</c> times (seeded) and
/// take the 2.5th and 97.5th percentiles of each column's mean.
/// </summary>
public static class Bootstrap
{
    public sealed record Interval(double Mean, double Low, double High);

    public static Interval[] MeanIntervals(IReadOnlyList<double[]> perProblem, int resamples, int seed, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfZero(perProblem.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var columns = perProblem[0].Length;
        var problems = perProblem.Count;
        var means = new double[columns];
        foreach (var row in perProblem)
            for (var j = 0; j < columns; j++) means[j] += row[j] / problems;

        var draws = new double[columns][];
        for (var j = 0; j < columns; j++) draws[j] = new double[resamples];
        var random = new Random(seed);
        var sums = new double[columns];
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(sums);
            for (var i = 0; i < problems; i++)
            {
                var row = perProblem[random.Next(problems)];
                for (var j = 0; j < columns; j++) sums[j] += row[j];
            }
            for (var j = 0; j < columns; j++) draws[j][b] = sums[j] / problems;
        }
        var tail = (1 - level) / 2 * 100;
        var result = new Interval[columns];
        for (var j = 0; j < columns; j++)
        {
            Array.Sort(draws[j]);
            result[j] = new Interval(means[j], Quantile(draws[j], tail), Quantile(draws[j], 100 - tail));
        }
        return result;
    }

    /// <summary>Linear interpolation between closest ranks of sorted values.</summary>
    public static double Quantile(double[] sorted, double percentile)
    {
        var position = percentile / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
