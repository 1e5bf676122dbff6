using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace Inference.Engine.Sampling;

/// <summary>
/// Chooses the next token of every row of a batch, in stages per row: logit bias and repetition/presence/frequency
/// penalties (sparse: only the tokens biased or seen), min_tokens (stop tokens suppressed), the row's grammar mask when
/// its request is constrained (disallowed tokens to -inf; computed per row here, in the parallel part), then either
/// argmax (temperature 0) or a draw at the row's temperature from the row's own random stream, after top-k, top-p and
/// min-p. Top-k orders only its candidates (<see cref="TopTokenSelector"/>); top-p alone is a rejection draw that never
/// orders the nucleus; an untruncated draw is one vectorised exp pass and an inverse-CDF search over block sums. The
/// sampled token's log-probability (of the model's distribution after bias, penalties and the grammar mask, at
/// temperature 1, before truncation) is computed only when the row's plan asks for it, reusing the draw's pass when the
/// temperature is 1. Rows are independent (each has its own random stream), so they are sampled in parallel and the
/// result does not depend on the batch they are in.
/// </summary>
public sealed class Sampler
{
    /// <summary>Below this temperature the row is decoded greedily.</summary>
    public const double GreedyTemperature = 1e-6;

    /// <summary>Batches smaller than this (rows x vocabulary) are sampled on the calling thread.</summary>
    private const long ParallelThreshold = 1 << 16;

    private readonly ConcurrentBag<SamplerScratch> scratch = new();
    private readonly ParallelOptions parallel;

    public Sampler(int maxDegreeOfParallelism = 0)
    {
        parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
    }

    /// <summary>
    /// Samples one token for each of <paramref name="count"/> rows whose logits lie row after row in
    /// <paramref name="logits"/> (count x vocab). The logits are modified in place (bias and penalties).
    /// </summary>
    public void Sample(float[] logits, int vocab, SamplingRow[] rows, int count, SampledToken[] results)
        => Sample(logits, vocab, rows, null, count, results);

    /// <summary>
    /// Samples one token for each of <paramref name="count"/> rows; row i's logits are row <paramref name="logitRows"/>[i]
    /// of <paramref name="logits"/> (row i when null). The logits are modified in place (bias and penalties).
    /// </summary>
    public void Sample(float[] logits, int vocab, SamplingRow[] rows, int[]? logitRows, int count, SampledToken[] results)
    {
        var highest = count == 0 ? 0 : logitRows is null ? count : TensorPrimitives.Max<int>(logitRows.AsSpan(0, count)) + 1;
        if (logits.Length < (long)highest * vocab) throw new ArgumentException("Fewer logits than rows x vocabulary.", nameof(logits));
        if (count <= 1 || parallel.MaxDegreeOfParallelism == 1 || (long)count * vocab < ParallelThreshold)
        {
            var worker = Rent(vocab);
            for (var r = 0; r < count; r++) results[r] = SampleRow(logits.AsSpan((logitRows?[r] ?? r) * vocab, vocab), rows[r], worker);
            scratch.Add(worker);
            return;
        }
        Parallel.For(0, count, parallel, () => Rent(vocab),
            (r, _, worker) =>
            {
                results[r] = SampleRow(logits.AsSpan((logitRows?[r] ?? r) * vocab, vocab), rows[r], worker);
                return worker;
            },
            scratch.Add);
    }

    /// <summary>Samples one row from a copy of <paramref name="logits"/> (for one-off use; the decode loop samples batches).</summary>
    public SampledToken Sample(ReadOnlySpan<float> logits, SequenceState sequence, SamplingParams p, IReadOnlyList<int> stopTokenIds)
    {
        if (p.Constraint is not null)
            throw new ArgumentException("A constrained request is sampled through the scheduler, which binds the constraint to the model's vocabulary.", nameof(p));
        var worker = Rent(logits.Length);
        try
        {
            var row = worker.Row.AsSpan(0, logits.Length);
            logits.CopyTo(row);
            return SampleRow(row, new SamplingRow(sequence, new SamplingPlan(p, stopTokenIds)), worker);
        }
        finally
        {
            scratch.Add(worker);
        }
    }

    private SamplerScratch Rent(int vocab) => (scratch.TryTake(out var worker) ? worker : new SamplerScratch()).Ensure(vocab);

    private static SampledToken SampleRow(Span<float> x, SamplingRow row, SamplerScratch s)
    {
        var plan = row.Plan;
        var p = plan.Params;
        var sequence = row.Sequence;
        ApplyBiasAndPenalties(x, plan, sequence);
        // A token of last resort when every allowed logit is -inf (the grammar's lowest allowed id).
        var fallback = row.Constraint?.Apply(x, p.MaxTokens - sequence.Generated, plan.StopTokenIds, s.Mask) ?? -1;

        var temperature = p.TemperatureAt(sequence.Generated);
        // Σ exp(x - max), when the draw computed it over the whole vocabulary at temperature 1.
        var untemperedSum = double.NaN;
        int chosen;
        float max;
        if (temperature >= GreedyTemperature && p.TopK > 0 && p.TopK < x.Length)
        {
            // Top-k finds the maximum as its first candidate: no pass over the row beyond the selection.
            chosen = DrawTopK(x, temperature, p, sequence.Random, s);
            max = plan.ComputesLogprob ? LogitMath.Max(x) : float.NaN;
        }
        else
        {
            max = LogitMath.Max(x);
            chosen = temperature < GreedyTemperature || float.IsNegativeInfinity(max)
                ? LogitMath.IndexOfMax(x, max)
                : Draw(x, max, temperature, p, sequence.Random, s, ref untemperedSum);
        }
        // Every path draws only finite logits unless the whole row is -inf; a masked row then takes the grammar's token.
        if (fallback >= 0 && float.IsNegativeInfinity(x[chosen])) chosen = fallback;

        if (!plan.ComputesLogprob) return new SampledToken(chosen, float.NaN, null, temperature);
        var logSumExp = float.IsNegativeInfinity(max)
            ? max
            : max + Math.Log(double.IsNaN(untemperedSum) ? LogitMath.ExpInto(x, max, 1f, s.Weights) : untemperedSum);
        var top = p.TopLogprobs > 0 ? TopLogprobSelection.Select(x, p.TopLogprobs, logSumExp) : null;
        return new SampledToken(chosen, (float)(x[chosen] - logSumExp), top, temperature);
    }

    private static void ApplyBiasAndPenalties(Span<float> x, SamplingPlan plan, SequenceState sequence)
    {
        var p = plan.Params;
        for (var i = 0; i < plan.BiasTokens.Length; i++) x[plan.BiasTokens[i]] += plan.BiasValues[i];
        if (p.RepetitionPenalty != 1.0)
        {
            var penalty = (float)p.RepetitionPenalty;
            if (sequence.PromptTokens is HashSet<int> prompt)
                foreach (var token in prompt) Penalize(x, token, penalty);
            else
                foreach (var token in sequence.PromptTokens) Penalize(x, token, penalty);
            foreach (var (token, _) in sequence.Counts)
                if (!sequence.PromptTokens.Contains(token)) Penalize(x, token, penalty);
        }
        if (p.PresencePenalty != 0 || p.FrequencyPenalty != 0)
            foreach (var (token, count) in sequence.Counts)
                x[token] -= (float)((p.FrequencyPenalty * count) + p.PresencePenalty);
        if (sequence.Generated < p.MinTokens)
            foreach (var token in plan.StopTokenIds) x[token] = float.NegativeInfinity;
    }

    private static void Penalize(Span<float> x, int token, float penalty)
    {
        if ((uint)token >= (uint)x.Length) return;
        x[token] = x[token] > 0 ? x[token] / penalty : x[token] * penalty;
    }

    /// <summary>A draw from softmax(x / tau) over the whole vocabulary, after top-p and min-p.</summary>
    private static int Draw(Span<float> x, float max, double temperature, SamplingParams p, RowRandom random, SamplerScratch s,
        ref double untemperedSum)
    {
        var scale = (float)(1.0 / temperature);
        // min_p keeps tokens whose weight is at least min_p times the top token's, which is exp(0) = 1.
        var minP = (float)p.MinP;
        var w = s.Weights.AsSpan(0, x.Length);
        var total = LogitMath.ExpInto(x, max, scale, w);
        if (scale == 1f) untemperedSum = total;
        if (p.TopP < 1.0) return NucleusDraw(x, w, total, p.TopP, minP, random);
        if (minP > 0) total = LogitMath.ZeroBelow(w, minP);
        return LogitMath.IndexAtCumulative(w, random.NextDouble() * total);
    }

    /// <summary>A draw from softmax(x / tau) over the top-k candidates, after top-p (relative to their mass) and min-p.</summary>
    private static int DrawTopK(ReadOnlySpan<float> x, double temperature, SamplingParams p, RowRandom random, SamplerScratch s)
    {
        var scale = 1.0 / temperature;
        var indices = s.Indices;
        var values = s.Values;
        var weights = s.CandidateWeights;
        var count = TopTokenSelector.Select(x, indices.AsSpan(0, p.TopK), values);
        var max = values[0];
        if (float.IsNegativeInfinity(max)) return indices[0];
        double mass = 0;
        for (var i = 0; i < count; i++) mass += weights[i] = Math.Exp((values[i] - max) * scale);
        var keep = count;
        if (p.TopP < 1.0)
        {
            double cumulative = 0;
            for (var i = 0; i < count; i++)
            {
                cumulative += weights[i];
                if (cumulative >= p.TopP * mass)
                {
                    keep = i + 1;
                    break;
                }
            }
        }
        // Candidates are ordered, so min_p cuts a suffix; the top token (weight 1) always stays.
        while (keep > 1 && weights[keep - 1] < p.MinP) keep--;

        double kept = 0;
        for (var i = 0; i < keep; i++) kept += weights[i];
        var u = random.NextDouble() * kept;
        double accumulated = 0;
        for (var i = 0; i < keep; i++)
        {
            accumulated += weights[i];
            if (u < accumulated) return indices[i];
        }
        return indices[keep - 1];
    }

    /// <summary>
    /// A draw from the nucleus (the fewest top tokens whose mass reaches top_p, ties ranked by id) further cut by min_p,
    /// without ordering it: draw from the whole distribution; the token is in the nucleus when the mass ranked before it
    /// is below top_p of the total, and then it is accepted; otherwise every token ranked at or after it is outside too,
    /// so the next draw is restricted to the tokens ranked before it. Accepted tokens follow the nucleus distribution
    /// exactly (rejection sampling), each round costs two vectorised passes, and the top token is always accepted, so
    /// it ends; a wide nucleus (a flat distribution) is accepted at the first draw with probability about top_p.
    /// </summary>
    private static int NucleusDraw(ReadOnlySpan<float> x, ReadOnlySpan<float> w, double total, double topP, float minP, RowRandom random)
    {
        var limit = topP * total;
        var token = LogitMath.IndexAtCumulative(w, random.NextDouble() * total);
        while (true)
        {
            var before = LogitMath.MassRankedBefore(x, w, x[token], token);
            if ((before < limit && w[token] >= minP) || before <= 0) return token;
            token = LogitMath.IndexAtCumulativeRankedBefore(x, w, x[token], token, random.NextDouble() * before);
        }
    }
}
