namespace Inference.LoadTest.Statistics;

/// <summary>Count, mean, p50/p90/p99 and max of a set of durations in milliseconds; null fields when there were none.</summary>
public sealed record LatencySummary(int Count, double? Mean, double? P50, double? P90, double? P99, double? Max)
{
    public static LatencySummary Empty { get; } = new(0, null, null, null, null, null);

    public static LatencySummary From(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) return Empty;
        return new LatencySummary(sorted.Length, sorted.Average(), Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 90),
            Percentiles.Of(sorted, 99), sorted[^1]);
    }
}
