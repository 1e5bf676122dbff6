using Inference.LoadTest.Statistics;

namespace Inference.Tools.Tests.LoadTest;

public class PercentilesTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(50, 3.0)]
    [InlineData(100, 5.0)]
    [InlineData(25, 2.0)]
    [InlineData(90, 4.6)]
    [InlineData(99, 4.96)]
    public void Interpolates_between_closest_ranks_like_numpy(double percentile, double expected)
    {
        // numpy.percentile([1, 2, 3, 4, 5], p) with the default linear method.
        Assert.Equal(expected, Percentiles.Of([1, 2, 3, 4, 5], percentile), 9);
    }

    [Fact]
    public void Matches_numpy_on_an_uneven_set()
    {
        // numpy.percentile([10, 20, 40, 80], [50, 90, 99]) = [30, 68, 78.8]
        double[] sorted = [10, 20, 40, 80];
        Assert.Equal(30, Percentiles.Of(sorted, 50), 9);
        Assert.Equal(68, Percentiles.Of(sorted, 90), 9);
        Assert.Equal(78.8, Percentiles.Of(sorted, 99), 9);
    }

    [Fact]
    public void A_single_value_is_every_percentile()
    {
        Assert.Equal(7, Percentiles.Of([7.0], 0));
        Assert.Equal(7, Percentiles.Of([7.0], 99));
    }

    [Fact]
    public void Rejects_empty_input_and_out_of_range_percentiles()
    {
        Assert.Throws<ArgumentException>(() => Percentiles.Of([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1.0], 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1.0], double.NaN));
    }

    [Fact]
    public void Summary_sorts_its_input_and_reports_max_and_mean()
    {
        var summary = LatencySummary.From([5, 1, 4, 2, 3]);
        Assert.Equal(5, summary.Count);
        Assert.Equal(3, summary.Mean);
        Assert.Equal(3, summary.P50);
        Assert.Equal(4.6, summary.P90!.Value, 9);
        Assert.Equal(5, summary.Max);
        Assert.Equal(LatencySummary.Empty, LatencySummary.From([]));
    }
}
