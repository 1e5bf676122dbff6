namespace Inference.Selection;

/// <summary>An answer class placed by a strategy: its representative candidate, ranking score and whether it was kept.</summary>
internal sealed record RankedClass(AnswerClass Class, Candidate Best, double? Score, bool Kept = true);
