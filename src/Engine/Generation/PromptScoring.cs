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
            scored[i] = new PromptTokenLogprob(token, (float)(row[token] - logSumExp), TopLogprobSelection.Select(row, top, logSumExp));
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
}
