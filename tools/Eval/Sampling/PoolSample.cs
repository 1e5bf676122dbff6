namespace Inference.Eval.Sampling;

/// <summary>One sample of a problem's pool: what was generated, the answer found in it, whether that answer is the
/// reference, the reward model's score and the token log-probabilities.</summary>
public sealed record PoolSample(string Text, string? Answer, bool Correct, double? Reward, int Tokens, double LogprobSum, string FinishReason)
{
    public double? MeanLogprob => Tokens > 0 ? LogprobSum / Tokens : null;
}

/// <summary>All samples drawn for one problem under one temperature schedule.</summary>
public sealed record PoolProblem(string Schedule, string Id, string Prompt, string Reference, IReadOnlyList<PoolSample> Samples)
{
    public int CorrectCount => Samples.Count(s => s.Correct);
}
