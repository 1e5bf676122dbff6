namespace Inference.Selection;

/// <summary>
/// The output step every answer-based strategy shares: take the first K ranked classes (one candidate each, so answers
/// are distinct); when fewer than K classes exist, fill the remaining slots with unanswered candidates in the
/// strategy's candidate order and say so in the explanation. With no answers at all this returns the top-K unanswered
/// candidates, flagged — no vote was won. Never more than the pool holds.
/// </summary>
internal static class ClassSelection
{
    public static SelectionResult Finish(
        string strategy,
        string rankedBy,
        AnswerGrouping grouping,
        IReadOnlyList<RankedClass> order,
        SelectionOptions options,
        IReadOnlyList<RankKey<Candidate>> fillOrder,
        string? tieBreak,
        double? threshold = null,
        string? fallback = null)
    {
        var chosen = order.Take(options.K).Select(r => r.Best).ToList();
        var fallbacks = fallback is null ? new List<string>() : [fallback];
        if (chosen.Count < options.K && grouping.Unanswered.Count > 0)
        {
            var fill = Ranking.Order(grouping.Unanswered, fillOrder).Take(options.K - chosen.Count).ToList();
            chosen.AddRange(fill);
            fallbacks.Add(
                $"only {order.Count} distinct answer(s) for k = {options.K}; filled {fill.Count} slot(s) with unanswered candidates ranked by {Ranking.Describe(fillOrder)}");
        }
        else if (chosen.Count < options.K)
        {
            fallbacks.Add($"only {chosen.Count} distinct answer(s) for k = {options.K}; returned {chosen.Count}");
        }

        var n = grouping.PoolSize;
        return new SelectionResult(chosen, new SelectionExplanation
        {
            Strategy = strategy,
            RankedBy = rankedBy,
            Answers = order.Select(r => new AnswerTally(
                r.Class.Representative.Raw,
                r.Class.Members.Count,
                n == 0 ? 0 : (double)r.Class.Members.Count / n,
                r.Score,
                r.Best.Index,
                r.Kept)).ToList(),
            PoolSize = n,
            Unanswered = grouping.Unanswered.Count,
            Threshold = threshold,
            TieBreak = tieBreak,
            Fallback = fallbacks.Count == 0 ? null : string.Join("; ", fallbacks),
        });
    }
}
