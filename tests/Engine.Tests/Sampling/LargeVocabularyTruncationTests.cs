using Inference.Engine.Sampling;

namespace Inference.Engine.Tests.Sampling;

/// <summary>Top-k/top-p over a real-size vocabulary: only the leading candidates are ordered, and the result must
/// equal the brute-force definition (full sort), including nuclei wider than the candidates ordered first.</summary>
public sealed class LargeVocabularyTruncationTests
{
    private static float[] Logits(int vocab, double spread, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, vocab).Select(_ => (float)(random.NextDouble() * spread)).ToArray();
    }

    private static HashSet<int> ReferenceNucleus(float[] logits, int topK, double topP)
    {
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).ToArray();
        if (topK > 0) order = order.Take(topK).ToArray();
        var max = logits.Max();
        var w = order.Select(i => Math.Exp(logits[i] - max)).ToArray();
        var total = w.Sum();
        double cumulative = 0;
        var keep = order.Length;
        for (var i = 0; i < order.Length; i++)
        {
            cumulative += w[i];
            if (cumulative >= topP * total) { keep = i + 1; break; }
        }
        return order.Take(keep).ToHashSet();
    }

    [Theory]
    [InlineData(80.0, 0, 0.9)]    // peaked: the nucleus is a few hundred tokens
    [InlineData(12.0, 40, 1.0)]   // top-k only
    [InlineData(12.0, 200, 0.5)]  // both
    [InlineData(0.5, 0, 0.9)]     // flat: the nucleus spans most of the vocabulary (beyond the first candidates)
    public void SampledTokensStayInTheBruteForceNucleus(double spread, int topK, double topP)
    {
        var logits = Logits(20_000, spread, seed: 3);
        var nucleus = ReferenceNucleus(logits, topK, topP);
        var sampler = new Sampler();
        var state = new SequenceState(new HashSet<int>(), 9);
        var p = new SamplingParams { TopK = topK, TopP = topP };
        var seen = new HashSet<int>();
        for (var i = 0; i < 600; i++)
        {
            var token = sampler.Sample(logits, state, p, []).TokenId;
            Assert.Contains(token, nucleus);
            seen.Add(token);
        }
        if (nucleus.Count > 1000)
        {
            // The wide nucleus was really used, not just its head.
            var order = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).ToArray();
            var head = order.Take(1000).ToHashSet();
            Assert.Contains(seen, t => !head.Contains(t));
        }
        else
        {
            Assert.True(seen.Count > Math.Min(nucleus.Count, 50) / 2);
        }
    }
}
