using Inference.Selection;

namespace Inference.Eval.Metrics;

/// <summary>
/// The curves the evaluation draws, each a name and how one subset of the pool is judged. Reward-based curves are
/// left out when the pool has no rewards. Best-of-Majority is run at the paper's alpha = 0.005 (with N &lt;= 200 every
/// answer has frequency >= 1/N > alpha, so it equals Best-of-N there) and at alpha = 0.1, where the threshold bites.
/// </summary>
public static class StrategyCurves
{
    public const string Coverage = "coverage";
    public const string Majority = "majority";
    public const string BestOfN = "bon";
    public const string WeightedMajority = "weighted_majority";
    public const string AdaptiveBeta = "adaptive_beta";
    public const string AdaptiveEsc = "adaptive_esc";

    public static string BestOfMajority(double alpha) => $"bom_a{alpha.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";

    public static readonly double[] Alphas = [SelectionOptions.DefaultAlpha, 0.1];

    /// <summary>Selection curves (not coverage): name, strategy and options.</summary>
    public static IReadOnlyList<(string Name, ISelectionStrategy Strategy, SelectionOptions Options)> Selections(bool withRewards)
    {
        var list = new List<(string, ISelectionStrategy, SelectionOptions)> { (Majority, new MajorityStrategy(), SelectionOptions.Default) };
        if (!withRewards) return list;
        list.Add((BestOfN, new BestOfNStrategy(), SelectionOptions.Default));
        list.Add((WeightedMajority, new WeightedMajorityStrategy(), SelectionOptions.Default with { Weight = VoteWeight.Reward }));
        foreach (var alpha in Alphas)
            list.Add((BestOfMajority(alpha), new BestOfMajorityStrategy(), SelectionOptions.Default with { Alpha = alpha }));
        return list;
    }

    /// <summary>N = 1, 2, 4, ... up to and including <paramref name="maxN"/> (which is added when not a power of two).</summary>
    public static IReadOnlyList<int> Sizes(int maxN)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxN, 1);
        var sizes = new List<int>();
        for (var n = 1; n < maxN; n *= 2) sizes.Add(n);
        sizes.Add(maxN);
        return sizes;
    }

    public static readonly int[] PassAtKs = [1, 3, 5];
}
