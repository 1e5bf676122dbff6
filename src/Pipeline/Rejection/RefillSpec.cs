namespace Inference.Pipeline;

/// <summary>
/// Refill after early rejection: every row a rejection frees gets a fresh sample (the next seed of the request's
/// sequence) while the budget has a seat for it. A sample may generate up to max_tokens, so every started sample
/// reserves max_tokens of <see cref="MaxTotalTokens"/> for good: the request starts at most
/// <see cref="Seats"/> = max_total_tokens / max_tokens samples, its tokens (rejected samples' included) never pass the
/// budget, no sample is cut short to fit, and how many samples start depends only on the seeds (a rejected row's
/// run-on past its checkpoint, which varies with timing, never decides anything).
/// </summary>
/// <param name="MaxTotalTokens">The most tokens the request may generate, every sample's together.</param>
public sealed record RefillSpec(int MaxTotalTokens)
{
    /// <summary>The most samples the budget lets start with this max_tokens (the first ones included).</summary>
    public int Seats(int maxTokens) => MaxTotalTokens / Math.Max(1, maxTokens);
}
