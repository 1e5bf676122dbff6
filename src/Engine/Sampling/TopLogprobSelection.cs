namespace Inference.Engine.Sampling;

/// <summary>
/// The <c>count</c> most likely tokens of one distribution, as log-probabilities, most likely first. Tokens of
/// probability zero (logit -inf: masked by a constraint, or stop tokens held back by min_tokens) are left out, so fewer
/// may come back.
/// </summary>
internal static class TopLogprobSelection
{
    /// <summary>Top tokens of <paramref name="logits"/> given their log-sum-exp; ties keep the lower id.</summary>
    public static TokenLogprob[] Select(ReadOnlySpan<float> logits, int count, double logSumExp)
    {
        count = Math.Min(count, logits.Length);
        if (count == 0) return [];
        Span<int> indices = count <= 64 ? stackalloc int[count] : new int[count];
        Span<float> values = count <= 64 ? stackalloc float[count] : new float[count];
        TopTokenSelector.Select(logits, indices, values);
        while (count > 0 && float.IsNegativeInfinity(values[count - 1])) count--;
        var best = new TokenLogprob[count];
        for (var i = 0; i < count; i++) best[i] = new TokenLogprob(indices[i], (float)(values[i] - logSumExp));
        return best;
    }
}
