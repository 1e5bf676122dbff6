namespace Inference.Protocol;

/// <summary>What early rejection did: samples started and finished, each checkpoint's decision, the tokens the
/// rejected samples generated, and an estimate of the tokens their rejection saved (the finished samples' mean length
/// less what each rejected sample generated; exact savings are unknowable).</summary>
public sealed record EarlyRejectionReport(int Started, int Finished, IReadOnlyList<CheckpointReport> Checkpoints, int RejectedTokens, int EstimatedTokensSaved);

/// <summary>One checkpoint: at <see cref="Tokens"/> generated tokens, how many running samples were scored, kept and
/// rejected, the lowest kept prefix reward, and why nothing was judged when nothing was.</summary>
public sealed record CheckpointReport(int Tokens, int Scored, int Kept, int Rejected, double? Threshold, string? Skipped);
