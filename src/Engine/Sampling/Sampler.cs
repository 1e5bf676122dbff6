namespace Inference.Engine.Sampling;

/// <summary>
/// Chooses the next token of one row from its logits, in stages: logit bias, repetition/presence/frequency penalties,
/// min_tokens (stop tokens suppressed), log-probabilities (reported), temperature, top-k, top-p, min-p, then a draw
/// from the row's own random stream (argmax when the temperature is 0). Not thread-safe: one per decode loop.
/// </summary>
public sealed class Sampler
{
    private float[] work = [];
    private int[] order = [];
    private double[] weights = [];

    public SampledToken Sample(ReadOnlySpan<float> logits, SequenceState sequence, SamplingParams p, IReadOnlyList<int> stopTokenIds)
    {
        var vocab = logits.Length;
        EnsureCapacity(vocab);
        var x = work.AsSpan(0, vocab);
        logits.CopyTo(x);

        foreach (var (token, bias) in p.LogitBias) x[token] += (float)bias;
        if (p.RepetitionPenalty != 1.0)
        {
            var penalty = (float)p.RepetitionPenalty;
            foreach (var token in sequence.PromptTokens) Penalize(x, token, penalty);
            foreach (var token in sequence.GeneratedCounts.Keys)
                if (!sequence.PromptTokens.Contains(token)) Penalize(x, token, penalty);
        }
        if (p.PresencePenalty != 0 || p.FrequencyPenalty != 0)
            foreach (var (token, count) in sequence.GeneratedCounts)
                x[token] -= (float)((p.FrequencyPenalty * count) + p.PresencePenalty);
        if (sequence.Generated < p.MinTokens)
            foreach (var token in stopTokenIds) x[token] = float.NegativeInfinity;

        var logSumExp = LogSumExp(x);
        var temperature = p.TemperatureAt(sequence.Generated);
        var chosen = temperature < 1e-6 ? ArgMax(x) : Draw(x, temperature, p, sequence.Random);
        var top = p.TopLogprobs > 0 ? TopLogprobs(x, p.TopLogprobs, logSumExp) : null;
        return new SampledToken(chosen, x[chosen] - logSumExp, top, temperature);
    }

    private static void Penalize(Span<float> x, int token, float penalty)
    {
        if ((uint)token >= (uint)x.Length) return;
        x[token] = x[token] > 0 ? x[token] / penalty : x[token] * penalty;
    }

    private int Draw(Span<float> x, double temperature, SamplingParams p, Random random)
    {
        var vocab = x.Length;
        var max = x[ArgMax(x)];
        if (float.IsNegativeInfinity(max)) return ArgMax(x);

        // Unnormalised probabilities exp((x - max) / tau); truncation zeroes entries.
        var w = weights.AsSpan(0, vocab);
        var invTau = 1.0 / temperature;
        double total = 0;
        for (var i = 0; i < vocab; i++) total += w[i] = Math.Exp((x[i] - max) * invTau);

        var needsOrder = (p.TopK > 0 && p.TopK < vocab) || p.TopP < 1.0;
        if (needsOrder)
        {
            var idx = order.AsSpan(0, vocab);
            for (var i = 0; i < vocab; i++) idx[i] = i;
            var keys = weights;
            idx.Sort((a, b) => keys[b].CompareTo(keys[a]) is var c && c != 0 ? c : a.CompareTo(b));
            var keep = vocab;
            if (p.TopK > 0 && p.TopK < keep) keep = p.TopK;
            if (p.TopP < 1.0)
            {
                double kept = 0;
                for (var i = 0; i < keep; i++) kept += w[idx[i]];
                double cumulative = 0;
                for (var i = 0; i < keep; i++)
                {
                    cumulative += w[idx[i]];
                    if (cumulative >= p.TopP * kept) { keep = i + 1; break; }
                }
            }
            for (var i = keep; i < vocab; i++) w[idx[i]] = 0;
        }
        if (p.MinP > 0)
        {
            // The top token has weight exp(0) = 1 after subtracting the max.
            var threshold = p.MinP;
            for (var i = 0; i < vocab; i++) if (w[i] < threshold) w[i] = 0;
        }

        total = 0;
        for (var i = 0; i < vocab; i++) total += w[i];
        var u = random.NextDouble() * total;
        double acc = 0;
        var last = -1;
        for (var i = 0; i < vocab; i++)
        {
            if (w[i] == 0) continue;
            acc += w[i];
            last = i;
            if (u < acc) return i;
        }
        return last;
    }

    private static int ArgMax(ReadOnlySpan<float> x)
    {
        var best = 0;
        for (var i = 1; i < x.Length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    private static float LogSumExp(ReadOnlySpan<float> x)
    {
        var max = x[ArgMax(x)];
        if (float.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in x) sum += Math.Exp(v - max);
        return (float)(max + Math.Log(sum));
    }

    private static TokenLogprob[] TopLogprobs(ReadOnlySpan<float> x, int count, float logSumExp)
    {
        count = Math.Min(count, x.Length);
        var best = new TokenLogprob[count];
        var filled = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i] - logSumExp;
            if (filled == count && v <= best[count - 1].Logprob) continue;
            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && best[at - 1].Logprob < v)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = new TokenLogprob(i, v);
        }
        return best;
    }

    private void EnsureCapacity(int vocab)
    {
        if (work.Length >= vocab) return;
        work = new float[vocab];
        order = new int[vocab];
        weights = new double[vocab];
    }
}
