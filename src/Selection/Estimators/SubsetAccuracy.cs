namespace Inference.Selection;

/// <summary>
/// Strategy@N curves from one large pool of samples for one problem: the mean, over <c>trials</c> random subsets of
/// size N drawn without replacement (seeded), of whether the strategy's output contains a correct candidate
/// (Pass@k when <see cref="SelectionOptions.K"/> &gt; 1). Subsets keep their draw order, so "first seen" is random.
/// The eval harness averages these values over problems.
/// </summary>
public static class SubsetAccuracy
{
    public static double AtN(
        IReadOnlyList<Candidate> pool,
        Func<Candidate, bool> isCorrect,
        ISelectionStrategy strategy,
        SelectionOptions options,
        int n,
        int trials,
        int seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(isCorrect);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, pool.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);

        var random = new Random(seed);
        var indices = Enumerable.Range(0, pool.Count).ToArray();
        var subset = new Candidate[n];
        var hits = 0;
        for (var t = 0; t < trials; t++)
        {
            // Partial Fisher-Yates: the first n slots become a uniform random n-subset in random order.
            for (var i = 0; i < n; i++)
            {
                var j = random.Next(i, indices.Length);
                (indices[i], indices[j]) = (indices[j], indices[i]);
                subset[i] = pool[indices[i]];
            }

            if (strategy.Select(subset, options).Chosen.Any(isCorrect))
            {
                hits++;
            }
        }

        return (double)hits / trials;
    }

    public static double MajorityAtN(IReadOnlyList<Candidate> pool, Func<Candidate, bool> isCorrect, int n, int trials, int seed) =>
        AtN(pool, isCorrect, new MajorityStrategy(), SelectionOptions.Default, n, trials, seed);

    public static double BestOfNAtN(IReadOnlyList<Candidate> pool, Func<Candidate, bool> isCorrect, int n, int trials, int seed) =>
        AtN(pool, isCorrect, new BestOfNStrategy(), SelectionOptions.Default, n, trials, seed);

    public static double BestOfMajorityAtN(
        IReadOnlyList<Candidate> pool, Func<Candidate, bool> isCorrect, int n, int trials, int seed, double alpha = SelectionOptions.DefaultAlpha) =>
        AtN(pool, isCorrect, new BestOfMajorityStrategy(), SelectionOptions.Default with { Alpha = alpha }, n, trials, seed);

    public static double WeightedMajorityAtN(
        IReadOnlyList<Candidate> pool, Func<Candidate, bool> isCorrect, int n, int trials, int seed, VoteWeight weight = VoteWeight.Reward) =>
        AtN(pool, isCorrect, new WeightedMajorityStrategy(), SelectionOptions.Default with { Weight = weight }, n, trials, seed);
}
