namespace Inference.Selection;

/// <summary>Why a strategy chose what it chose.</summary>
public sealed record SelectionExplanation
{
    public required string Strategy { get; init; }

    /// <summary>The ranking keys in order, e.g. "votes, then summed reward, then first seen".</summary>
    public required string RankedBy { get; init; }

    /// <summary>Every answer class in rank order (kept classes first for BoM).</summary>
    public required IReadOnlyList<AnswerTally> Answers { get; init; }

    public required int PoolSize { get; init; }

    public required int Unanswered { get; init; }

    /// <summary>The threshold applied (BoM alpha), if any.</summary>
    public double? Threshold { get; init; }

    /// <summary>The secondary key that decided a ranking among the returned answers, or null when the primary key did.</summary>
    public string? TieBreak { get; init; }

    /// <summary>A documented fallback that was taken, or null.</summary>
    public string? Fallback { get; init; }

    /// <summary>Indices of candidates that passed verification (verifier strategy).</summary>
    public IReadOnlyList<int>? Passed { get; init; }

    /// <summary>The explanation of an inner strategy (verifier strategy).</summary>
    public SelectionExplanation? Inner { get; init; }
}
