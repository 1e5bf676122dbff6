using Inference.Engine.Sampling;

namespace Inference.Engine.Tests.Sampling;

/// <summary>The sampler's vectorised pieces against their brute-force definitions, and batched sampling against
/// one row at a time.</summary>
public sealed class SamplerKernelTests
{
    private static float[] RandomRow(int length, int seed, int distinctValues = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length)
            .Select(_ => distinctValues > 0 ? random.Next(distinctValues) * 0.5f : (float)(random.NextDouble() * 20 - 10))
            .ToArray();
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(7, 3, 0)]
    [InlineData(1000, 50, 0)]
    [InlineData(1003, 50, 4)]     // many ties: lower ids first
    [InlineData(32_011, 20, 0)]
    [InlineData(32_011, 1024, 0)]
    [InlineData(5000, 5000, 7)]   // everything, with ties
    public void SelectorReturnsTheTopKInOrderWithTiesToTheLowerId(int length, int k, int distinctValues)
    {
        var x = RandomRow(length, seed: length + k, distinctValues);
        var expected = Enumerable.Range(0, length).OrderByDescending(i => x[i]).ThenBy(i => i).Take(k).ToArray();
        var indices = new int[k];
        var values = new float[k];
        var count = TopTokenSelector.Select(x, indices, values);
        Assert.Equal(Math.Min(k, length), count);
        Assert.Equal(expected, indices[..count]);
        Assert.Equal(expected.Select(i => x[i]), values[..count]);
    }

    [Theory]
    [InlineData(5, 1.0f)]
    [InlineData(32_000, 1.0f)]
    [InlineData(152_064, 1.0f)]
    [InlineData(152_064, 1.7f)]
    public void ExpSumMatchesADoubleReference(int length, float scale)
    {
        var x = RandomRow(length, seed: 4);
        var max = x.Max();
        var reference = x.Sum(v => Math.Exp((v - (double)max) * scale));
        var w = new float[length];
        Assert.Equal(1.0, LogitMath.ExpInto(x, max, scale, w) / reference, tolerance: 1e-6);
        for (var i = 0; i < length; i += 997) Assert.Equal(Math.Exp((x[i] - (double)max) * scale), w[i], tolerance: 1e-6);
    }

    [Fact]
    public void InverseCdfSearchMatchesALinearScan()
    {
        var random = new Random(8);
        var w = Enumerable.Range(0, 10_007).Select(i => i % 13 == 0 ? 0f : (float)random.NextDouble()).ToArray();
        var total = w.Sum(v => (double)v);
        foreach (var u in new[] { 0.0, 1e-9, 0.25, 0.5, 0.999999, 1.0 })
        {
            var target = u * total;
            double accumulated = 0;
            var expected = -1;
            for (var i = 0; i < w.Length; i++)
            {
                if (w[i] <= 0) continue;
                accumulated += w[i];
                expected = i;
                if (target < accumulated) break;
            }
            var actual = LogitMath.IndexAtCumulative(w, target);
            // Float block sums may place a target within a rounding error of a boundary in the neighbouring token.
            Assert.True(Math.Abs(actual - expected) <= 1 || (w[actual] > 0 && u >= 0.999999), $"u {u}: {actual} vs {expected}");
            Assert.True(w[actual] > 0);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]   // heavy ties: equal logits are ranked by id
    public void RankedBeforeSumsAndSearchesMatchTheirDefinition(int distinctValues)
    {
        var x = RandomRow(1037, seed: 12, distinctValues);
        var w = x.Select(v => (float)Math.Exp(v / 4)).ToArray();
        var random = new Random(3);
        for (var trial = 0; trial < 40; trial++)
        {
            var pivot = random.Next(x.Length);
            var before = Enumerable.Range(0, x.Length).Where(i => x[i] > x[pivot] || (x[i] == x[pivot] && i < pivot)).ToArray();
            var mass = before.Sum(i => (double)w[i]);
            Assert.Equal(mass, LogitMath.MassRankedBefore(x, w, x[pivot], pivot), tolerance: 1e-4 * Math.Max(1, mass));
            if (before.Length == 0) continue;
            var target = random.NextDouble() * mass;
            double accumulated = 0;
            var expected = before[^1];
            foreach (var i in before)
            {
                accumulated += w[i];
                if (target < accumulated) { expected = i; break; }
            }
            var actual = LogitMath.IndexAtCumulativeRankedBefore(x, w, x[pivot], pivot, target);
            Assert.Contains(actual, before);
            Assert.True(Math.Abs(Array.IndexOf(before, actual) - Array.IndexOf(before, expected)) <= 1, $"{actual} vs {expected}");
        }
    }

    [Fact]
    public void NanLogitsAreNeverChosen()
    {
        var x = new float[100];
        Array.Fill(x, float.NaN);
        x[42] = 1f;
        x[43] = 0.5f;
        var sampler = new Sampler();
        var state = new SequenceState(new HashSet<int>(), 1);
        for (var i = 0; i < 50; i++)
        {
            Assert.Contains(sampler.Sample(x, state, new SamplingParams { Temperature = 1 }, []).TokenId, new[] { 42, 43 });
            Assert.Contains(sampler.Sample(x, state, new SamplingParams { Temperature = 1, TopK = 5 }, []).TokenId, new[] { 42, 43 });
            Assert.Contains(sampler.Sample(x, state, new SamplingParams { Temperature = 1, TopP = 0.9 }, []).TokenId, new[] { 42, 43 });
        }
        Assert.Equal(42, sampler.Sample(x, state, new SamplingParams { Temperature = 0 }, []).TokenId);
    }

    [Fact]
    public void GreedyTiesGoToTheLowerId()
    {
        float[] x = [0f, 3f, 1f, 3f];
        Assert.Equal(1, new Sampler().Sample(x, new SequenceState(new HashSet<int>(), 1), new SamplingParams { Temperature = 0 }, []).TokenId);
    }

    [Fact]
    public void LogprobsAreComputedOnlyWhenAskedFor()
    {
        var x = RandomRow(1000, seed: 2);
        var sampler = new Sampler();
        var plain = sampler.Sample(x, new SequenceState(new HashSet<int>(), 1), new SamplingParams { TopK = 20 }, []);
        Assert.True(float.IsNaN(plain.Logprob));
        Assert.Null(plain.TopLogprobs);

        var max = x.Max();
        var logSumExp = max + Math.Log(x.Sum(v => Math.Exp(v - (double)max)));
        foreach (var p in new[] { new SamplingParams { TopK = 20, ScoreSamples = true }, new SamplingParams { Temperature = 0.6, ScoreSamples = true },
                     new SamplingParams { ScoreSamples = true }, new SamplingParams { TopP = 0.5, Logprobs = true } })
        {
            var scored = sampler.Sample(x, new SequenceState(new HashSet<int>(), 1), p, []);
            Assert.Equal(x[scored.TokenId] - logSumExp, scored.Logprob, 4);
        }
    }

    [Theory]
    [InlineData(99)]
    [InlineData(32_000)]
    public void ABatchSamplesEachRowAsItWouldAlone(int vocab)
    {
        // Rows with different parameters and seeds, sampled as one (parallel) batch and one by one: same tokens.
        var parameters = new[]
        {
            new SamplingParams { Temperature = 0 },
            new SamplingParams { Temperature = 0.8, TopK = 50, Logprobs = true },
            new SamplingParams { Temperature = 1.0, TopP = 0.9 },
            new SamplingParams { Temperature = 1.3, MinP = 0.05, PresencePenalty = 0.5, RepetitionPenalty = 1.2 },
            new SamplingParams { Temperature = 1.0, TopLogprobs = 3 },
        };
        var prompt = new HashSet<int> { 1, 2, 3 };
        var rows = Enumerable.Range(0, 12).Select(r =>
            new SamplingRow(new SequenceState(prompt, 100 + r), new SamplingPlan(parameters[r % parameters.Length], [0]))).ToArray();
        var alone = rows.Select(r => new SamplingRow(new SequenceState(prompt, r.Sequence.Seed), r.Plan)).ToArray();
        var sampler = new Sampler(maxDegreeOfParallelism: 2);
        for (var step = 0; step < 5; step++)
        {
            var logits = Enumerable.Range(0, rows.Length).SelectMany(r => RandomRow(vocab, seed: (step * 100) + r)).ToArray();
            var batch = new SampledToken[rows.Length];
            sampler.Sample(logits.ToArray(), vocab, rows, rows.Length, batch);
            for (var r = 0; r < rows.Length; r++)
            {
                var single = new SampledToken[1];
                sampler.Sample(logits.AsSpan(r * vocab, vocab).ToArray(), vocab, [alone[r]], 1, single);
                Assert.Equal(single[0].TokenId, batch[r].TokenId);
                Assert.Equal(single[0].Logprob, batch[r].Logprob);
                rows[r].Sequence.Accept(batch[r].TokenId);
                alone[r].Sequence.Accept(single[0].TokenId);
            }
        }
    }
}
