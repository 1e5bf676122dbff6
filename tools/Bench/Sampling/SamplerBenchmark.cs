using System.Diagnostics;
using Inference.Engine.Sampling;

namespace Inference.Bench.Sampling;

/// <summary>
/// The sampler alone: time per row-token for a batch of rows over synthetic logits of a real vocabulary size
/// (normal logits with a few strong tokens, like a language model's), for the truncation settings users send.
/// </summary>
internal static class SamplerBenchmark
{
    public static readonly (string Name, SamplingParams Params)[] Settings =
    [
        ("greedy", new SamplingParams { Temperature = 0 }),
        ("top_k 50", new SamplingParams { Temperature = 1.0, TopK = 50 }),
        ("top_k 0 (full)", new SamplingParams { Temperature = 1.0 }),
        ("top_k 0, T 0.7", new SamplingParams { Temperature = 0.7 }),
        ("top_p 0.9", new SamplingParams { Temperature = 1.0, TopP = 0.9 }),
        ("top_p 0.9, T 0.7", new SamplingParams { Temperature = 0.7, TopP = 0.9 }),
        ("top_k 50 + logprobs", new SamplingParams { Temperature = 1.0, TopK = 50, ScoreSamples = true }),
        ("top_k 0, T 0.7 + logprobs", new SamplingParams { Temperature = 0.7, ScoreSamples = true }),
    ];

    /// <summary>Median microseconds per row-token over <paramref name="repeats"/> runs of <paramref name="steps"/> batched steps.</summary>
    public static double Measure(int vocab, int rows, int steps, SamplingParams p, int parallelism, int repeats)
    {
        var template = SyntheticLogits(rows, vocab);
        var logits = new float[template.Length];
        var sampler = new Sampler(parallelism);
        var results = new SampledToken[rows];
        var times = new List<double>();
        for (var repeat = 0; repeat <= repeats; repeat++)
        {
            var plan = new SamplingPlan(p, []);
            var batch = Enumerable.Range(0, rows).Select(r => new SamplingRow(new SequenceState(new HashSet<int>(), r), plan)).ToArray();
            long ticks = 0;
            for (var step = 0; step < steps; step++)
            {
                template.CopyTo(logits, 0); // the decode loop hands the sampler fresh logits every step
                var start = Stopwatch.GetTimestamp();
                sampler.Sample(logits, vocab, batch, rows, results);
                ticks += Stopwatch.GetTimestamp() - start;
                for (var r = 0; r < rows; r++) batch[r].Sequence.Accept(results[r].TokenId);
            }
            if (repeat > 0) times.Add(Stopwatch.GetElapsedTime(0, ticks).TotalMicroseconds / (rows * steps)); // repeat 0 warms up
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Rows of normal logits (sd 2.5) with eight strong tokens each, like a language model's; seeded.</summary>
    public static float[] SyntheticLogits(int rows, int vocab)
    {
        var random = new Random(7);
        var template = new float[rows * vocab];
        for (var i = 0; i < template.Length; i++) template[i] = (float)(Normal(random) * 2.5);
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < 8; j++) template[(r * vocab) + random.Next(vocab)] += 8 + j;
        return template;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
