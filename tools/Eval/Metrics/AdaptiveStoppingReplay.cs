using Inference.Selection;

namespace Inference.Eval.Metrics;

/// <summary>
/// Replays adaptive sampling on a pool: in a random order of the pool (seeded), hand the stopper waves of samples
/// until it stops, then take the majority answer of the samples used. Averaged over orders: accuracy and samples used.
/// </summary>
public static class AdaptiveStoppingReplay
{
    public sealed record Outcome(double Accuracy, double MeanSamples);

    public static Outcome Run(IReadOnlyList<Candidate> pool, Func<Candidate, bool> isCorrect, AdaptiveStopper stopper, int orders, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stopper.Budget, pool.Count);
        var random = new Random(seed);
        var majority = new MajorityStrategy();
        var order = pool.ToArray();
        double hits = 0, used = 0;
        for (var t = 0; t < orders; t++)
        {
            random.Shuffle(order);
            var count = stopper.FirstWaveSize;
            while (true)
            {
                var decision = stopper.AfterWave(new ArraySegment<Candidate>(order, 0, count));
                if (decision.Stop) break;
                count += decision.NextWaveSize;
            }
            used += count;
            if (majority.Select(new ArraySegment<Candidate>(order, 0, count), SelectionOptions.Default).Chosen.Any(isCorrect)) hits++;
        }
        return new Outcome(hits / orders, used / orders);
    }
}
