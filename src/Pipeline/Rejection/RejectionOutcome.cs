namespace Inference.Pipeline;

/// <summary>What early rejection did in one run: samples started, each checkpoint's decision, samples that finished,
/// and the tokens spent on rejected samples.</summary>
/// <param name="EstimatedTokensSaved">Tokens the rejected samples would have generated had they run to the end, less
/// what they did generate, estimated with the mean length of the samples that finished (unknowable exactly).</param>
public sealed record RejectionOutcome(
    int Started,
    int Finished,
    IReadOnlyList<CheckpointOutcome> Checkpoints,
    int RejectedTokens,
    int EstimatedTokensSaved);

/// <summary>One checkpoint: the samples still running that were scored, how many were kept and rejected, and the
/// lowest kept prefix reward (null when nothing was rejected, e.g. no more running samples than the minimum kept or
/// the reward model gave no scores, with the reason).</summary>
public sealed record CheckpointOutcome(int Tokens, int Scored, int Kept, int Rejected, double? Threshold, string? Skipped = null);
