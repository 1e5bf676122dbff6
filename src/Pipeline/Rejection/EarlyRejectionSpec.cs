namespace Inference.Pipeline;

/// <summary>
/// Early rejection of weak partial samples (speculative rejection for reward-ranked selection): at each checkpoint the
/// reward model scores every still-running sample's text so far, the top <see cref="Keep"/> fraction goes on and the
/// rest are stopped in the engine, freeing their batch rows at once.
/// </summary>
/// <param name="Checkpoints">Where to judge: a value >= 1 is a count of generated tokens, a value in (0, 1) a fraction
/// of max_tokens.</param>
/// <param name="Keep">The fraction of the running samples kept at each checkpoint, in (0, 1].</param>
/// <param name="Refill">Start fresh samples into the rows rejected ones free, within a token budget (null: never).</param>
public sealed record EarlyRejectionSpec(IReadOnlyList<double> Checkpoints, double Keep, RefillSpec? Refill = null)
{
    /// <summary>The checkpoints as token counts for this max_tokens: ascending, distinct, each below max_tokens (a
    /// checkpoint at or past max_tokens would judge samples that have already ended).</summary>
    public IReadOnlyList<int> TokenCheckpoints(int maxTokens) => Checkpoints
        .Select(c => c < 1 ? (int)Math.Ceiling(c * maxTokens) : (int)c)
        .Where(c => c >= 1 && c < maxTokens)
        .Distinct()
        .Order()
        .ToArray();

    /// <summary>How many of <paramref name="running"/> samples a checkpoint keeps: the kept fraction rounded up, and
    /// never fewer than <paramref name="minimum"/> (the choices the request returns).</summary>
    public int Kept(int running, int minimum) => Math.Min(running, Math.Max(minimum, (int)Math.Ceiling(Keep * running)));

    /// <summary>
    /// One checkpoint's decision over the judged samples (<paramref name="indices"/> with their prefix
    /// <paramref name="scores"/>): the <see cref="Kept"/> highest scores go on (ties: the earlier sample), the rest are
    /// returned, in rank order. The pipeline and the evaluation's replay both decide here.
    /// </summary>
    public IReadOnlyList<int> Rejected(IReadOnlyList<int> indices, IReadOnlyList<double> scores, int minimum)
    {
        var kept = Kept(indices.Count, minimum);
        return indices.Select((index, i) => (Index: index, Score: scores[i]))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Index)
            .Skip(kept).Select(r => r.Index).ToArray();
    }
}
