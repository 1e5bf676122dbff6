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
    private double[] keepScratch = [];
    private double[] sortKeys = [];

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
        var top = p.TopLogprobs > 0 ? TopLogprobSelection.Select(x, p.TopLogprobs, logSumExp) : null;
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

        if ((p.TopK > 0 && p.TopK < vocab) || p.TopP < 1.0) Truncate(vocab, total, p);
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

    /// <summary>
    /// Zeroes every weight outside the top-k and then outside the smallest top set reaching top_p of the remaining
    /// mass. Only the leading candidates are ordered (a bounded heap), not the whole vocabulary: with top_p alone the
    /// first <see cref="NucleusCandidates"/> tokens almost always hold the nucleus, else it falls back to all of them.
    /// </summary>
    private void Truncate(int vocab, double total, SamplingParams p)
    {
        var w = weights;
        var limit = p.TopK > 0 && p.TopK < vocab ? p.TopK : Math.Min(vocab, NucleusCandidates);
        var top = order.AsSpan(0, limit);
        var count = TopIndices(w, vocab, top);
        var keep = count;
        if (p.TopP < 1.0)
        {
            double headMass = 0;
            for (var i = 0; i < count; i++) headMass += w[top[i]];
            var mass = p.TopK > 0 && p.TopK < vocab ? headMass : total;
            if (headMass < p.TopP * mass)
            {
                // The nucleus is wider than the candidates taken: order the whole vocabulary.
                top = order.AsSpan(0, vocab);
                count = TopIndices(w, vocab, top);
            }
            double cumulative = 0;
            for (var i = 0; i < count; i++)
            {
                cumulative += w[top[i]];
                if (cumulative >= p.TopP * mass) { keep = i + 1; break; }
            }
            if (keep > count) keep = count;
        }
        // Zero everything, then restore the kept weights.
        var kept = keepScratch.AsSpan(0, keep);
        for (var i = 0; i < keep; i++) kept[i] = w[top[i]];
        w.AsSpan(0, vocab).Clear();
        for (var i = 0; i < keep; i++) w[top[i]] = kept[i];
    }

    /// <summary>Candidates ordered when only top_p truncates; enough for the nucleus of real distributions.</summary>
    internal const int NucleusCandidates = 1024;

    /// <summary>Fills <paramref name="top"/> with the indices of the largest weights in descending order (ties by
    /// lower index); returns how many were filled. A bounded min-heap when few are wanted, a full sort otherwise.</summary>
    private int TopIndices(double[] w, int length, Span<int> top)
    {
        if (top.Length >= length)
        {
            // Ordering everything: an introsort on negated keys (stable ties by index via the secondary sort key).
            var keys = sortKeys.AsSpan(0, length);
            for (var i = 0; i < length; i++)
            {
                keys[i] = -w[i];
                top[i] = i;
            }
            keys.Sort(top[..length]);
            SortTiesByIndex(keys, top[..length]);
            return length;
        }
        var size = 0;
        var capacity = top.Length;
        for (var i = 0; i < length; i++)
        {
            if (size < capacity)
            {
                var at = size++;
                top[at] = i;
                while (at > 0 && Less(w, top[at], top[(at - 1) / 2]))
                {
                    var parent = (at - 1) / 2;
                    (top[at], top[parent]) = (top[parent], top[at]);
                    at = parent;
                }
            }
            else if (w[i] > w[top[0]])
            {
                top[0] = i;
                SiftDown(w, top, 0, size);
            }
        }
        // Heap sort in place: repeatedly move the smallest to the end, giving descending order.
        for (var end = size - 1; end > 0; end--)
        {
            (top[0], top[end]) = (top[end], top[0]);
            SiftDown(w, top, 0, end);
        }
        return size;
    }

    /// <summary>Heap order: the smallest weight at the root; among equal weights the larger index counts as smaller.</summary>
    private static bool Less(double[] w, int a, int b) => w[a] < w[b] || (w[a] == w[b] && a > b);

    private static void SiftDown(double[] w, Span<int> heap, int at, int size)
    {
        while (true)
        {
            var left = (2 * at) + 1;
            if (left >= size) return;
            var smallest = left + 1 < size && Less(w, heap[left + 1], heap[left]) ? left + 1 : left;
            if (!Less(w, heap[smallest], heap[at])) return;
            (heap[at], heap[smallest]) = (heap[smallest], heap[at]);
            at = smallest;
        }
    }

    /// <summary>Within runs of equal keys, orders indices ascending (Span.Sort is not stable).</summary>
    private static void SortTiesByIndex(Span<double> keys, Span<int> indices)
    {
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i < keys.Length && keys[i] == keys[start]) continue;
            if (i - start > 1) indices[start..i].Sort();
            start = i;
        }
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

    private void EnsureCapacity(int vocab)
    {
        if (work.Length >= vocab) return;
        work = new float[vocab];
        order = new int[vocab];
        weights = new double[vocab];
        keepScratch = new double[vocab];
        sortKeys = new double[vocab];
    }
}
