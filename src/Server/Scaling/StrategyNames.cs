using Inference.Selection;

namespace Inference.Server.Scaling;

/// <summary>Strategy names as clients may write them: the registry names plus short forms used in model aliases.</summary>
public static class StrategyNames
{
    private static readonly Dictionary<string, string> Short = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bon"] = SelectionStrategyNames.BestOfN,
        ["best-of-n"] = SelectionStrategyNames.BestOfN,
        ["bom"] = SelectionStrategyNames.BestOfMajority,
        ["maj"] = SelectionStrategyNames.Majority,
        ["sc"] = SelectionStrategyNames.Majority,
        ["self_consistency"] = SelectionStrategyNames.Majority,
        ["wmaj"] = SelectionStrategyNames.WeightedMajority,
        ["weighted"] = SelectionStrategyNames.WeightedMajority,
        ["certainty"] = SelectionStrategyNames.SelfCertainty,
    };

    public static string Known =>
        "best_of_n (bon), majority (maj, sc), weighted_majority (wmaj), best_of_majority (bom), verifier, self_certainty, none";

    /// <summary>The registry name for <paramref name="name"/> (unknown names come back trimmed and lower-cased).</summary>
    public static string Canonical(string? name)
    {
        var trimmed = (name ?? "").Trim();
        return Short.TryGetValue(trimmed, out var full) ? full : trimmed.ToLowerInvariant();
    }

    public static bool IsKnown(string canonical) => SelectionStrategyRegistry.Default.TryGet(canonical, out _);

    /// <summary>Whether the strategy, with its default settings (weighted_majority weighs by reward), needs a reward model.</summary>
    public static bool RanksByReward(string canonical) => new Pipeline.TestTimeScalingOptions { Strategy = canonical }.NeedsReward;
}
