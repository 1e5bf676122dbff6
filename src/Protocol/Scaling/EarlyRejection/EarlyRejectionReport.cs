namespace Inference.Protocol;

/// <summary>What early rejection did: samples started (refills included) and finished, each checkpoint's decision, the
/// tokens the rejected samples generated, and an estimate of the tokens their rejection saved (the finished samples'
/// mean length less what each rejected sample generated; exact savings are unknowable); with refill, the refills and
/// the token budget.</summary>
public sealed record EarlyRejectionReport(int Started, int Finished, IReadOnlyList<CheckpointReport> Checkpoints, int RejectedTokens, int EstimatedTokensSaved)
{
    public RefillReport? Refill { get; init; }
}

/// <summary>One checkpoint: at <see cref="Tokens"/> generated tokens, how many of the first samples were scored, kept
/// and rejected, the lowest kept prefix reward, and why nothing was judged when nothing was; with refill, how many
/// refilled samples reached it (their own tokens) and were scored, and how many of them fell below the threshold.</summary>
public sealed record CheckpointReport(int Tokens, int Scored, int Kept, int Rejected, double? Threshold, string? Skipped)
{
    public int? RefillsScored { get; init; }
    public int? RefillsRejected { get; init; }
}

/// <summary>Refill: samples started after the first ones, the token budget, the tokens generated (every sample's,
/// rejected ones included) and the most samples the budget let start (max_total_tokens / max_tokens).</summary>
public sealed record RefillReport(int Refilled, int MaxTotalTokens, int TokensUsed, int Seats);
