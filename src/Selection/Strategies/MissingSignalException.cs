namespace Inference.Selection;

/// <summary>
/// A strategy needs a per-candidate signal (a reward, or log-probabilities) that some candidates lack. Strategies do not
/// silently substitute another signal: the caller must score the candidates or choose another strategy.
/// </summary>
public sealed class MissingSignalException(string strategy, string signal, IReadOnlyList<int> candidateIndices)
    : SelectionException(
        $"Strategy '{strategy}' needs a {signal} for every candidate; missing for candidate(s) {string.Join(", ", candidateIndices.Take(20))}"
        + (candidateIndices.Count > 20 ? $" and {candidateIndices.Count - 20} more." : "."))
{
    public string Strategy { get; } = strategy;

    public string Signal { get; } = signal;

    public IReadOnlyList<int> CandidateIndices { get; } = candidateIndices;
}
