using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace Inference.Engine.Sampling;

/// <summary>
/// Chooses the next token of every row of a batch, in stages per row: logit bias and repetition/presence/frequency
/// penalties (sparse: only the tokens biased or seen), min_tokens (stop tokens suppressed), then either argmax
/// (temperature 0) or a draw at the row's temperature from the row's own random stream, after top-k, top-p and
/// min-p. Truncation orders only the leading candidates (<see cref="TopTokenSelector"/>); an untruncated draw is one
/// vectorised exp pass and an inverse-CDF search over block sums. The sampled token's log-probability (of the model's
/// distribution after bias and penalties, at temperature 1, before truncation) is computed only when the row's plan
/// asks for it, reusing the draw's pass when the temperature is 1. Rows are independent (each has its own random
/// stream), so they are sampled in parallel and the result does not depend on the batch they are in.
/// </summary>
public sealed class Sampler
{
    /// <summary>Below this temperature the row is decoded greedily.</summary>
    public const double GreedyTemperature = 1e-6;

    /// <summary>Candidates ordered first when top_p truncates alone; grown eightfold until they hold the nucleus.</summary>
    internal const int InitialNucleusCandidates = 64;

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
    {
        if (logits.Length < (long)count * vocab) throw new ArgumentException("Fewer logits than rows x vocabulary.", nameof(logits));
        if (count <= 1 || parallel.MaxDegreeOfParallelism == 1 || (long)count * vocab < ParallelThreshold)
        {
            var worker = Rent(vocab);
            for (var r = 0; r < count; r++) results[r] = SampleRow(logits.AsSpan(r * vocab, vocab), rows[r], worker);
            scratch.Add(worker);
            return;
        }
        Parallel.For(0, count, parallel, () => Rent(vocab),
            (r, _, worker) =>
            {
                results[r] = SampleRow(logits.AsSpan(r * vocab, vocab), rows[r], worker);
                return worker;
            },
            scratch.Add);
    }

    /// <summary>Samples one row from a copy of <paramref name="logits"/> (for one-off use; the decode loop samples batches).</summary>
    public SampledToken Sample(ReadOnlySpan<float> logits, SequenceState sequence, SamplingParams p, IReadOnlyList<int> stopTokenIds)
    {
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

        var temperature = p.TemperatureAt(sequence.Generated);
        var max = LogitMath.Max(x);
        // Σ exp(x - max), when the draw computed it over the whole vocabulary at temperature 1.
        var untemperedSum = double.NaN;
        var chosen = temperature < GreedyTemperature || float.IsNegativeInfinity(max)
            ? TensorPrimitives.IndexOfMax<float>(x)
            : Draw(x, max, temperature, p, sequence.Random, s, ref untemperedSum);

        if (!plan.ComputesLogprob) return new SampledToken(chosen, float.NaN, null, temperature);
        var logSumExp = float.IsNegativeInfinity(max)
            ? max
            : max + Math.Log(double.IsNaN(untemperedSum) ? LogitMath.SumExp(x, max, 1f) : untemperedSum);
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

    /// <summary>A draw from softmax(x / tau) after top-k, top-p and min-p.</summary>
    private static int Draw(Span<float> x, float max, double temperature, SamplingParams p, Random random, SamplerScratch s,
        ref double untemperedSum)
    {
        var vocab = x.Length;
        var scale = (float)(1.0 / temperature);
        var topK = p.TopK > 0 && p.TopK < vocab ? p.TopK : 0;
        if (topK == 0 && p.TopP >= 1.0)
        {
            var w = s.Weights.AsSpan(0, vocab);
            var total = LogitMath.ExpInto(x, max, scale, w);
            if (scale == 1f) untemperedSum = total;
            // min_p keeps tokens with weight >= min_p times the top token's, which is exp(0) = 1.
            if (p.MinP > 0) total = LogitMath.ZeroBelow(w, (float)p.MinP);
            return LogitMath.IndexAtCumulative(w, random.NextDouble() * total);
        }

        var indices = s.Indices;
        var weights = s.CandidateWeights;
        int count;
        double mass;
        if (topK > 0)
        {
            count = TopTokenSelector.Select(x, indices.AsSpan(0, topK), s.Values);
            mass = 0;
            for (var i = 0; i < count; i++) mass += weights[i] = Math.Exp((x[indices[i]] - max) * scale);
        }
        else
        {
            // top_p alone is relative to the whole distribution: its mass, then a head of candidates that holds it.
            var w = s.Weights.AsSpan(0, vocab);
            mass = LogitMath.ExpInto(x, max, scale, w);
            if (scale == 1f) untemperedSum = mass;
            var wanted = Math.Min(vocab, InitialNucleusCandidates);
            while (true)
            {
                count = TopTokenSelector.Select(x, indices.AsSpan(0, wanted), s.Values);
                double head = 0;
                for (var i = 0; i < count; i++) head += weights[i] = w[indices[i]];
                if (head >= p.TopP * mass || count == vocab) break;
                wanted = (int)Math.Min(vocab, wanted * 8L);
            }
        }

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
        if (p.MinP > 0)
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
}
