namespace Inference.Selection;

/// <summary>
/// Majority vote (self-consistency): answers ranked by votes; ties by summed reward (only when every candidate has a
/// reward, otherwise that key is skipped), then by the answer seen first. Each answer is represented by its best
/// candidate (by reward when all have rewards, else by mean log-prob, then first seen). Unanswered candidates never
/// win a vote. Needs no reward.
/// </summary>
public sealed class MajorityStrategy : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.Majority;

    public SelectionNeeds Needs(SelectionOptions options) => SelectionNeeds.Answers;

    public SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options.Validate();
        var grouping = AnswerClasses.Group(candidates, options.RelativeTolerance);
        var memberKeys = CandidateKeys.ForVote(candidates, grouping);
        var withRewards = CandidateKeys.AllHaveRewards(candidates);

        var classKeys = new List<RankKey<RankedClass>> { new("votes", r => r.Class.Members.Count) };
        if (withRewards)
        {
            classKeys.Add(new("summed reward", r => r.Class.Members.Sum(m => m.Reward!.Value)));
        }

        classKeys.Add(new("first seen", r => -r.Class.FirstPosition));
        var ranked = grouping.Classes
            .Select(c => new RankedClass(c, CandidateKeys.Best(c.Members, memberKeys), withRewards ? c.Members.Sum(m => m.Reward!.Value) : null));
        var order = Ranking.Order(ranked, classKeys);
        return ClassSelection.Finish(
            Name, Ranking.Describe(classKeys), grouping, order, options, memberKeys, Ranking.TieBreak(order, classKeys, options.K));
    }
}
