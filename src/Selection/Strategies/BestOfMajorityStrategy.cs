namespace Inference.Selection;

/// <summary>
/// Best-of-Majority (arXiv 2510.03199): keep answers whose frequency pi(a) = votes / N (N counts unanswered candidates)
/// is at least alpha, then return the top-k kept answers ranked by their best reward (an answer's responses combine by
/// max; ties as Best-of-N: mean log-prob, then first seen). Fallback when fewer than k answers reach alpha: the
/// remaining answers fill the slots, ranked the same way, and the explanation says so. alpha = 0 keeps every answer,
/// which makes this exactly Best-of-N. Every candidate must carry a reward.
/// </summary>
public sealed class BestOfMajorityStrategy : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.BestOfMajority;

    public SelectionNeeds Needs(SelectionOptions options) => SelectionNeeds.Answers | SelectionNeeds.Reward;

    public SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options.Validate();
        CandidateKeys.RequireRewards(Name, candidates);
        var grouping = AnswerClasses.Group(candidates, options.RelativeTolerance);
        var keys = CandidateKeys.ByReward(grouping);

        // Compare counts, not ratios, so alpha = 3/30 keeps an answer with exactly 3 of 30 votes.
        var minimumVotes = options.Alpha * grouping.PoolSize;
        bool Passes(AnswerClass c) => c.Members.Count >= minimumVotes - 1e-9;
        var (kept, tieBreak) = BestOfNStrategy.RankByBest(grouping.Classes.Where(Passes), keys, options.K);
        var (rest, _) = BestOfNStrategy.RankByBest(grouping.Classes.Where(c => !Passes(c)), keys, options.K, kept: false);

        string? fallback = null;
        if (kept.Count < options.K && rest.Count > 0)
        {
            fallback = $"only {kept.Count} answer(s) reach alpha = {options.Alpha} for k = {options.K}; "
                + $"filled from the remaining answers by best reward";
        }

        return ClassSelection.Finish(
            Name,
            "frequency >= alpha, then best reward, then mean log-prob, then first seen",
            grouping,
            [.. kept, .. rest],
            options,
            keys,
            tieBreak,
            threshold: options.Alpha,
            fallback: fallback);
    }
}
