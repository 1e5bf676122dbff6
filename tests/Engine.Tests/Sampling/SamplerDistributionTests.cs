using Inference.Engine.Sampling;
using Inference.Engine.Sampling.Schedules;

namespace Inference.Engine.Tests.Sampling;

/// <summary>Chi-square goodness of fit: sampled frequencies follow softmax(logits / tau) (after truncation).</summary>
public sealed class SamplerDistributionTests
{
    private static readonly float[] Logits = [2.0f, 1.0f, 0.5f, 0.0f, -0.5f, -1.5f];

    // Critical values of chi-square at p = 0.001.
    private static readonly Dictionary<int, double> Critical = new() { [1] = 10.83, [2] = 13.82, [3] = 16.27, [4] = 18.47, [5] = 20.52 };

    [Theory]
    [InlineData(1.0, 0)]
    [InlineData(0.7, 0)]
    [InlineData(1.6, 0)]
    [InlineData(0.7, 3)]
    public void FrequenciesFollowTheTemperedSoftmax(double tau, int topK)
    {
        const int draws = 30_000;
        var counts = Draw(new SamplingParams { Temperature = tau, TopK = topK }, draws, seed: 11);
        var expected = Expected(tau, topK);
        var chi = ChiSquare(counts, expected, draws, out var df);
        Assert.True(chi < Critical[df], $"chi-square {chi:F2} with {df} df (tau {tau}, top-k {topK})");
        if (topK > 0) Assert.All(counts.Skip(topK), c => Assert.Equal(0, c));
    }

    [Theory]
    [InlineData(1.0, 0.8, 0.0)]   // keeps tokens 0..2 (0.54 + 0.20 < 0.8 <= 0.54 + 0.20 + 0.12)
    [InlineData(0.7, 0.9, 0.0)]
    [InlineData(1.0, 0.95, 0.2)]  // min_p 0.2 cuts tokens whose weight is below 0.2 of the top one's
    public void TopPFollowsTheRenormalisedNucleus(double tau, double topP, double minP)
    {
        const int draws = 30_000;
        var counts = Draw(new SamplingParams { Temperature = tau, TopP = topP, MinP = minP }, draws, seed: 21);
        var full = Expected(tau, 0);
        var top = full.Max();
        var kept = new bool[full.Length];
        double cumulative = 0;
        for (var i = 0; i < full.Length; i++)
        {
            kept[i] = cumulative < topP && full[i] >= minP * top;
            cumulative += full[i];
        }
        var mass = full.Where((_, i) => kept[i]).Sum();
        var expected = full.Select((q, i) => kept[i] ? q / mass : 0).ToArray();
        var chi = ChiSquare(counts, expected, draws, out var df);
        Assert.True(chi < Critical[df], $"chi-square {chi:F2} with {df} df");
        Assert.All(counts.Where((_, i) => !kept[i]), c => Assert.Equal(0, c));
    }

    [Fact]
    public void EqualLogitsEnterTheNucleusByLowerId()
    {
        // Four equal tokens and top_p 0.5: the nucleus is the first two ids, whose mass reaches exactly 0.5.
        var sampler = new Sampler();
        var state = new SequenceState(new HashSet<int>(), 4);
        var counts = new int[4];
        for (var i = 0; i < 4000; i++) counts[sampler.Sample(new float[] { 1, 1, 1, 1 }, state, new SamplingParams { TopP = 0.5 }, []).TokenId]++;
        Assert.Equal(0, counts[2] + counts[3]);
        Assert.InRange(counts[0], 1800, 2200);
    }

    [Fact]
    public void AWrongTemperatureIsDetected()
    {
        // The test has power: frequencies drawn at tau = 0.7 do not fit the tau = 1 distribution.
        const int draws = 30_000;
        var counts = Draw(new SamplingParams { Temperature = 0.7 }, draws, seed: 5);
        var chi = ChiSquare(counts, Expected(1.0, 0), draws, out var df);
        Assert.True(chi > Critical[df] * 10, $"chi-square {chi:F2}");
    }

    [Fact]
    public void ScheduleTemperatureIsAppliedPerGeneratedToken()
    {
        // At t = 0 the linear schedule gives 2.0 and at t >= 10 it gives 0.01 (nearly greedy).
        var p = new SamplingParams { TemperatureSchedule = new LinearTemperature(2.0, 0.01, 10) };
        var sampler = new Sampler();
        var state = new SequenceState(new HashSet<int>(), 3);
        var first = sampler.Sample(Logits, state, p, []);
        Assert.Equal(2.0, first.Temperature);
        for (var t = 0; t < 10; t++) state.Accept(0);
        for (var i = 0; i < 200; i++)
        {
            var late = sampler.Sample(Logits, state, p, []);
            Assert.Equal(0, late.TokenId);
            Assert.Equal(0.01, late.Temperature, 12);
        }
    }

    [Fact]
    public void TopPAndMinPTruncate()
    {
        var probs = Expected(1.0, 0);
        // top_p = 0.6 keeps the smallest prefix reaching 60%: tokens 0 and 1 (0.53 + 0.19 > 0.6).
        Assert.True(probs[0] < 0.6 && probs[0] + probs[1] >= 0.6);
        var topP = Draw(new SamplingParams { TopP = 0.6 }, 5000, 1);
        Assert.Equal(0, topP.Skip(2).Sum());
        Assert.True(topP[1] > 0);
        // min_p = 0.3 keeps tokens with p >= 0.3 * p_max: exp(-1) = 0.37 passes, exp(-1.5) = 0.22 does not.
        var minP = Draw(new SamplingParams { MinP = 0.3 }, 5000, 2);
        Assert.Equal(0, minP.Skip(2).Sum());
    }

    [Fact]
    public void LogprobsAreOfTheUntemperedDistribution()
    {
        var sampler = new Sampler();
        var token = sampler.Sample(Logits, new SequenceState(new HashSet<int>(), 1), new SamplingParams { Temperature = 0.3, TopLogprobs = 3 }, []);
        var expected = Expected(1.0, 0);
        Assert.Equal(Math.Log(expected[token.TokenId]), token.Logprob, 5);
        Assert.Equal([0, 1, 2], token.TopLogprobs!.Select(t => t.TokenId));
        Assert.Equal(Math.Log(expected[0]), token.TopLogprobs![0].Logprob, 5);
    }

    [Fact]
    public void PenaltiesBiasAndMinTokens()
    {
        var sampler = new Sampler();
        var greedy = new SamplingParams { Temperature = 0 };
        var state = new SequenceState(new HashSet<int>(), 1);
        Assert.Equal(0, sampler.Sample(Logits, state, greedy, []).TokenId);
        Assert.Equal(5, sampler.Sample(Logits, state, greedy with { LogitBias = new Dictionary<int, double> { [5] = 10 } }, []).TokenId);
        Assert.Equal(1, sampler.Sample(Logits, state, greedy with { MinTokens = 1 }, [0]).TokenId);
        state.Accept(0);
        // Frequency penalty 1.5 after one occurrence: 2.0 - 1.5 = 0.5 < 1.0.
        Assert.Equal(1, sampler.Sample(Logits, state, greedy with { FrequencyPenalty = 1.5 }, []).TokenId);
        // Repetition penalty 2.5: 2.0 / 2.5 = 0.8 < 1.0.
        Assert.Equal(1, sampler.Sample(Logits, state, greedy with { RepetitionPenalty = 2.5 }, []).TokenId);
        Assert.Equal(0, sampler.Sample(Logits, state, greedy with { RepetitionPenalty = 1.5 }, []).TokenId);
    }

    private static int[] Draw(SamplingParams p, int draws, int seed)
    {
        var sampler = new Sampler();
        var state = new SequenceState(new HashSet<int>(), seed);
        var counts = new int[Logits.Length];
        for (var i = 0; i < draws; i++) counts[sampler.Sample(Logits, state, p, []).TokenId]++;
        return counts;
    }

    private static double[] Expected(double tau, int topK)
    {
        var kept = topK > 0 ? topK : Logits.Length;
        var w = Logits.Select((l, i) => i < kept ? Math.Exp(l / tau) : 0).ToArray();
        var sum = w.Sum();
        return w.Select(x => x / sum).ToArray();
    }

    private static double ChiSquare(int[] counts, double[] expected, int draws, out int df)
    {
        var chi = 0.0;
        var cells = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (expected[i] == 0) continue;
            var e = expected[i] * draws;
            chi += (counts[i] - e) * (counts[i] - e) / e;
            cells++;
        }
        df = cells - 1;
        return chi;
    }
}
