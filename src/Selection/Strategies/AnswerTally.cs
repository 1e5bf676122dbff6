namespace Inference.Selection;

/// <summary>One answer class as a strategy saw it, in rank order.</summary>
/// <param name="Answer">The class representative's raw answer.</param>
/// <param name="Votes">Number of candidates with this answer.</param>
/// <param name="Frequency">Votes / pool size (unanswered candidates count in the pool size).</param>
/// <param name="Score">The score the strategy ranked by (best reward, weight sum, max mean log-prob...), null for plain votes.</param>
/// <param name="BestCandidateIndex">Index of the candidate that represents the class in the output.</param>
/// <param name="Kept">False when a threshold (BoM alpha) filtered the class out before ranking.</param>
public sealed record AnswerTally(string Answer, int Votes, double Frequency, double? Score, int BestCandidateIndex, bool Kept = true);
