namespace Inference.Selection;

/// <summary>
/// Weighted majority: answer = argmax_a sum_{i: a_i = a} w_i with w_i the reward (rewards may be negative and then
/// count against an answer) or exp(mean token log-prob). Ties by votes, then first seen. Each answer is represented by
/// its highest-weight candidate. Every candidate must carry the chosen signal.
/// </summary>
public sealed class WeightedMajorityStrategy : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.WeightedMajority;

    public SelectionNeeds Needs(SelectionOptions options) => options.Weight == VoteWeight.Reward ? SelectionNeeds.Answers | SelectionNeeds.Reward : SelectionNeeds.Answers;

    public SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options.Validate();
        var grouping = AnswerClasses.Group(candidates, options.RelativeTolerance);
        Func<Candidate, double> weight;
        RankKey<Candidate>[] memberKeys;
        string weightName;
        if (options.Weight == VoteWeight.Reward)
        {
            CandidateKeys.RequireRewards(Name, candidates);
            weight = c => c.Reward!.Value;
            memberKeys = CandidateKeys.ByReward(grouping);
            weightName = "summed reward";
        }
        else
        {
            CandidateKeys.RequireLogProbs(Name, candidates);
            weight = c => Math.Exp(c.MeanLogProb!.Value);
            memberKeys = CandidateKeys.ByMeanLogProb(grouping);
            weightName = "summed exp(mean log-prob)";
        }

        RankKey<RankedClass>[] classKeys =
        [
            new(weightName, r => r.Score!.Value),
            new("votes", r => r.Class.Members.Count),
            new("first seen", r => -r.Class.FirstPosition),
        ];
        var ranked = grouping.Classes
            .Select(c => new RankedClass(c, CandidateKeys.Best(c.Members, memberKeys), c.Members.Sum(weight)));
        var order = Ranking.Order(ranked, classKeys);
        return ClassSelection.Finish(
            Name, Ranking.Describe(classKeys), grouping, order, options, memberKeys, Ranking.TieBreak(order, classKeys, options.K));
    }
}
