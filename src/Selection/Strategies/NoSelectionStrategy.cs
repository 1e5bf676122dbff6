namespace Inference.Selection;

/// <summary>No selection: the first K candidates in pool order, answers not deduplicated (plain <c>n</c> sampling).</summary>
public sealed class NoSelectionStrategy : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.None;

    public SelectionNeeds Needs(SelectionOptions options) => SelectionNeeds.None;

    public SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options.Validate();
        var grouping = AnswerClasses.Group(candidates, options.RelativeTolerance);
        var n = candidates.Count;
        return new SelectionResult(candidates.Take(options.K).ToList(), new SelectionExplanation
        {
            Strategy = Name,
            RankedBy = "pool order",
            Answers = grouping.Classes
                .Select(c => new AnswerTally(c.Representative.Raw, c.Members.Count, (double)c.Members.Count / n, null, c.Members[0].Index))
                .ToList(),
            PoolSize = n,
            Unanswered = grouping.Unanswered.Count,
        });
    }
}
