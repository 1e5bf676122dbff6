namespace Inference.Pipeline;

/// <summary>What early rejection did in one run: samples started (refills included), each checkpoint's decision,
/// samples that finished, the tokens spent on rejected samples and, with refill, the refills against the budget.</summary>
/// <param name="EstimatedTokensSaved">Tokens the rejected samples would have generated had they run to the end, less
/// what they did generate, estimated with the mean length of the samples that finished (unknowable exactly).</param>
public sealed record RejectionOutcome(
    int Started,
    int Finished,
    IReadOnlyList<CheckpointOutcome> Checkpoints,
    int RejectedTokens,
    int EstimatedTokensSaved,
    RefillOutcome? Refill = null);

/// <summary>One checkpoint: the first samples still running that were scored, how many were kept and rejected, and the
/// lowest kept prefix reward (null when nothing was rejected, e.g. no more running samples than the minimum kept or
/// the reward model gave no scores, with the reason); with refill, the refilled samples that reached the checkpoint
/// (counting their own tokens) and were scored against that threshold, and those below it.</summary>
public sealed record CheckpointOutcome(int Tokens, int Scored, int Kept, int Rejected, double? Threshold, string? Skipped = null,
    int RefillsScored = 0, int RefillsRejected = 0);

/// <summary>Refill: samples started after the first ones, the budget, every sample's tokens together, and the most
/// samples the budget let start (<see cref="RefillSpec.Seats"/>).</summary>
public sealed record RefillOutcome(int Refilled, int MaxTotalTokens, int TokensUsed, int Seats);
