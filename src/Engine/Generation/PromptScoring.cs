using Inference.Engine.Sampling;

namespace Inference.Engine.Generation;

/// <summary>
/// Turns the logits of every prompt position into per-token log-probabilities: position i's logits predict token i+1,
/// so token i (i >= 1) is scored by the log-softmax of position i-1, with the top <c>k</c> alternatives there
/// (descending, ties by lower id). Sums run in double so long vocabularies do not lose precision.
/// </summary>
public static class PromptScoring
{
    /// <param name="logits">S x vocab, position-major: the logits after each prompt token.</param>
    /// <param name="tokens">The S prompt tokens.</param>
    /// <param name="top">Alternatives reported per scored token (0 reports none).</param>
    public static PromptTokenLogprob[] Score(ReadOnlySpan<float> logits, IReadOnlyList<int> tokens, int vocab, int top)
    {
        if (logits.Length < tokens.Count * vocab) throw new ArgumentException("Fewer logits than prompt positions.", nameof(logits));
        var scored = new PromptTokenLogprob[tokens.Count];
        if (tokens.Count == 0) return scored;
        scored[0] = new PromptTokenLogprob(tokens[0], null, null);
        for (var i = 1; i < tokens.Count; i++)
        {
            var row = logits.Slice((i - 1) * vocab, vocab);
            var logSumExp = LogSumExp(row);
            var token = tokens[i];
            scored[i] = new PromptTokenLogprob(token, (float)(row[token] - logSumExp), Top(row, top, logSumExp));
        }
        return scored;
    }

    private static double LogSumExp(ReadOnlySpan<float> x)
    {
        var max = float.NegativeInfinity;
        foreach (var v in x) if (v > max) max = v;
        if (float.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in x) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    private static TokenLogprob[] Top(ReadOnlySpan<float> x, int count, double logSumExp)
    {
        count = Math.Min(count, x.Length);
        var best = new TokenLogprob[count];
        var filled = 0;
        for (var id = 0; id < x.Length; id++)
        {
            if (count == 0) break;
            var value = (float)(x[id] - logSumExp);
            // Insertion into a short sorted list; a later id only displaces a strictly smaller value (ties keep the lower id).
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
