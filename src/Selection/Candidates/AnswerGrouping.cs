namespace Inference.Selection;

/// <summary>A pool split into answer classes (first-seen order) and the candidates with no answer.</summary>
public sealed record AnswerGrouping(IReadOnlyList<AnswerClass> Classes, IReadOnlyList<Candidate> Unanswered, int PoolSize)
{
    /// <summary>Pool position of each candidate, by reference, for "first seen" ordering.</summary>
    internal IReadOnlyDictionary<Candidate, int> Positions { get; init; } = new Dictionary<Candidate, int>();
}
