namespace Inference.Engine.Sampling;

/// <summary>The <c>count</c> most likely tokens of one distribution, as log-probabilities, most likely first.</summary>
internal static class TopLogprobSelection
{
    /// <summary>
    /// Top tokens of <paramref name="logits"/> given their log-sum-exp, by insertion into a short sorted list (count is
    /// at most 20, the vocabulary large): a later id displaces only a strictly smaller value, so ties keep the lower id.
    /// </summary>
    public static TokenLogprob[] Select(ReadOnlySpan<float> logits, int count, double logSumExp)
    {
        count = Math.Min(count, logits.Length);
        var best = new TokenLogprob[count];
        if (count == 0) return best;
        var filled = 0;
        for (var id = 0; id < logits.Length; id++)
        {
            var value = (float)(logits[id] - logSumExp);
            if (filled == count && value <= best[count - 1].Logprob) continue;
            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && best[at - 1].Logprob < value)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = new TokenLogprob(id, value);
        }
        return best;
    }
}
