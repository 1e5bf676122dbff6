namespace Inference.LoadTest.Statistics;

/// <summary>
/// Percentiles by linear interpolation between closest ranks (the default of numpy and Excel's PERCENTILE.INC):
/// position p/100 * (n - 1) in the sorted values.
/// </summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("No values to take a percentile of.", nameof(sorted));
        if (!(percentile is >= 0 and <= 100)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is in [0, 100].");
        var position = percentile / 100 * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        var fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }
}
