namespace Inference.LoadTest.Statistics;

/// <summary>
/// Arrival times of a Poisson process at <see cref="Rate"/> per second: exponential gaps -ln(1 - U) / rate with U
/// uniform in [0, 1) from a seeded generator, so a run's arrival pattern is reproducible.
/// </summary>
public sealed class PoissonArrivals
{
    private readonly Random random;
    private double clock;

    public PoissonArrivals(double rate, int seed)
    {
        if (!(double.IsFinite(rate) && rate > 0)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The arrival rate must be a positive number.");
        Rate = rate;
        random = new Random(seed);
    }

    public double Rate { get; }

    /// <summary>Seconds from the start to the next arrival.</summary>
    public double Next()
    {
        clock += -Math.Log(1 - random.NextDouble()) / Rate;
        return clock;
    }
}
