namespace Inference.Selection;

/// <summary>A selection rule: picks up to <see cref="SelectionOptions.K"/> candidates from a pool and explains why.</summary>
public interface ISelectionStrategy
{
    /// <summary>The registry name (e.g. "majority").</summary>
    string Name { get; }

    /// <summary>What the candidates must carry for this strategy with these options (a reward, verdicts, answers).</summary>
    SelectionNeeds Needs(SelectionOptions options);

    SelectionResult Select(IReadOnlyList<Candidate> candidates, SelectionOptions options);
}
