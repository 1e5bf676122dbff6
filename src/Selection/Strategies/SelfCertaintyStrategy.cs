namespace Inference.Selection;

/// <summary>
/// Self-certainty: the answered candidate with the highest mean token log-probability (ties: first seen); needs no
/// verifier or reward, but every candidate must carry log-probabilities. For k &gt; 1, answers ranked by their most
/// certain candidate.
/// </summary>
public sealed class SelfCertaintyStrategy : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.SelfCertainty;

    public SelectionNeeds Needs(SelectionOptions options) => SelectionNeeds.None;

    public SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options.Validate();
        CandidateKeys.RequireLogProbs(Name, candidates);
        var grouping = AnswerClasses.Group(candidates, options.RelativeTolerance);
        var keys = CandidateKeys.ByMeanLogProb(grouping);
        var bests = grouping.Classes.Select(c => CandidateKeys.Best(c.Members, keys)).ToList();
        var classKeys = keys.Select(key => new RankKey<RankedClass>(key.Name, r => key.Of(r.Best))).ToList();
        var order = Ranking.Order(
            grouping.Classes.Select((c, i) => new RankedClass(c, bests[i], bests[i].MeanLogProb)), classKeys);
        return ClassSelection.Finish(
            Name, Ranking.Describe(keys), grouping, order, options, keys, Ranking.TieBreak(order, classKeys, options.K));
    }
}
