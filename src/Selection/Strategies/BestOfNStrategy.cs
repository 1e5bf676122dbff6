namespace Inference.Selection;

/// <summary>
/// Best-of-N: the answered candidate with the highest reward; ties by higher mean log-prob, then first seen. For k &gt; 1
/// the top-k answer classes, each represented (and ranked) by its best candidate in that order. Every candidate
/// must carry a reward (<see cref="MissingSignalException"/> otherwise).
/// </summary>
public sealed class BestOfNStrategy : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.BestOfN;

    public SelectionNeeds Needs(SelectionOptions options) => SelectionNeeds.Reward;

    public SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options.Validate();
        CandidateKeys.RequireRewards(Name, candidates);
        var grouping = AnswerClasses.Group(candidates, options.RelativeTolerance);
        var keys = CandidateKeys.ByReward(grouping);
        var (order, tieBreak) = RankByBest(grouping.Classes, keys, options.K);
        return ClassSelection.Finish(Name, "best reward, then mean log-prob, then first seen", grouping, order, options, keys, tieBreak);
    }

    /// <summary>Ranks classes by their best candidate under <paramref name="keys"/>; shared with Best-of-Majority.</summary>
    internal static (List<RankedClass> Order, string? TieBreak) RankByBest(
        IEnumerable<AnswerClass> classes, IReadOnlyList<RankKey<Candidate>> keys, int k, bool kept = true)
    {
        var bests = classes.Select(c => new RankedClass(c, CandidateKeys.Best(c.Members, keys), null, kept)).ToList();
        var classKeys = keys.Select(key => new RankKey<RankedClass>(key.Name, r => key.Of(r.Best))).ToList();
        var order = Ranking.Order(bests, classKeys).Select(r => r with { Score = r.Best.Reward }).ToList();
        return (order, Ranking.TieBreak(order, classKeys, k));
    }
}
