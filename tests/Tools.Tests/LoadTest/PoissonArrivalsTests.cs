using Inference.LoadTest.Statistics;

namespace Inference.Tools.Tests.LoadTest;

public class PoissonArrivalsTests
{
    private static double[] Take(PoissonArrivals arrivals, int count) => Enumerable.Range(0, count).Select(_ => arrivals.Next()).ToArray();

    [Fact]
    public void The_same_seed_gives_the_same_arrivals_and_another_seed_does_not()
    {
        Assert.Equal(Take(new PoissonArrivals(5, seed: 42), 100), Take(new PoissonArrivals(5, seed: 42), 100));
        Assert.NotEqual(Take(new PoissonArrivals(5, seed: 42), 100), Take(new PoissonArrivals(5, seed: 43), 100));
    }

    [Fact]
    public void Arrival_times_increase()
    {
        var times = Take(new PoissonArrivals(100, seed: 1), 1000);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second > pair.First));
    }

    [Fact]
    public void Gaps_are_exponential_with_mean_one_over_rate()
    {
        const double rate = 4;
        const int n = 20000;
        var times = Take(new PoissonArrivals(rate, seed: 7), n);
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).Prepend(times[0]).ToArray();
        var mean = gaps.Average();
        // Standard error of the mean of n exponential gaps: (1/rate)/sqrt(n) = 0.0018; allow 5 of them.
        Assert.InRange(mean, 0.25 - 0.009, 0.25 + 0.009);
        // Exponential: the coefficient of variation is 1, and P(gap > mean) = e^-1.
        var sd = Math.Sqrt(gaps.Select(g => (g - mean) * (g - mean)).Sum() / (n - 1));
        Assert.InRange(sd / mean, 0.96, 1.04);
        Assert.InRange(gaps.Count(g => g > 0.25) / (double)n, Math.Exp(-1) - 0.02, Math.Exp(-1) + 0.02);
    }

    [Fact]
    public void Counts_per_second_have_poisson_variance()
    {
        const double rate = 10;
        var times = Take(new PoissonArrivals(rate, seed: 3), 30000);
        var seconds = (int)times[^1];
        var counts = new int[seconds];
        foreach (var t in times) if (t < seconds) counts[(int)t]++;
        var mean = counts.Average();
        var variance = counts.Select(c => (c - mean) * (c - mean)).Sum() / (seconds - 1);
        Assert.InRange(mean, 9.7, 10.3);
        Assert.InRange(variance / mean, 0.9, 1.1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rejects_a_rate_that_is_not_positive(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoissonArrivals(rate, 1));
}
