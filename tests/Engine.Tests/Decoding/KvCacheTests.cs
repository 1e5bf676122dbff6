using Inference.Engine.Packages;
using Inference.Engine.Tests.Packages;
using Inference.Testing;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Tests.Decoding;

/// <summary>
/// A row's logits do not depend on the rows it shares the cache with: rows join (a prefill into a free slot, a
/// replica), leave (a freed slot becomes an idle row or drops off the end), the batch widens for a long prompt and
/// trims its padding at the row capacity, and at every step every busy row's logits equal the full recompute of its
/// sequence alone (<see cref="FullRecompute"/>): exact for GroupQueryAttention, within fp rounding otherwise.
/// </summary>
public sealed class KvCacheTests
{
    public static IEnumerable<object[]> Models() => ModelFixtures.DecoderModels().Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(Models))]
    public void RowsJoinAndLeaveWithoutChangingAnyRowsLogits(string model)
    {
        var package = ModelFixtures.Load(model);
        var decoder = package.Decoder;
        var vocab = decoder.VocabSize;
        int[] Ids(int seed, int count) => Enumerable.Range(0, count).Select(i => ((seed * 31) + (i * 7) + 3) % vocab).ToArray();
        using var cache = decoder.CreateCache(slots: 4, capacity: 64);
        var sequences = new List<int>?[4];
        var logits = new float[4 * vocab];
        var tokens = new int[4];
        var step = 0;

        void Join(int[] prompt, int expectedSlot)
        {
            var slot = cache.Take();
            Assert.Equal(expectedSlot, slot);
            var last = new float[vocab];
            decoder.Prefill(cache, slot, prompt, last, allPositions: false, default);
            sequences[slot] = prompt.ToList();
            AssertMatches(package, prompt, last, $"{model}: prefill into slot {slot}");
        }

        void Decode(int times)
        {
            for (var t = 0; t < times; t++, step++)
            {
                for (var slot = 0; slot < 4; slot++) tokens[slot] = sequences[slot] is null ? 0 : (step * 13 + slot * 5 + 1) % vocab;
                var bound = decoder.Decode(cache, tokens, logits, default);
                for (var slot = 0; slot < bound; slot++)
                {
                    if (sequences[slot] is not { } sequence) continue;
                    sequence.Add(tokens[slot]);
                    AssertMatches(package, sequence, logits.AsSpan(slot * vocab, vocab), $"{model}: step {step}, slot {slot} ({sequence.Count} tokens)");
                    Assert.Equal(sequence.Count, cache.Length(slot));
                }
            }
        }

        Join(Ids(1, 7), 0);
        Decode(2);
        Join(Ids(2, 3), 1);                     // shorter than the batch: joins without moving row 0
        Decode(2);
        var replica = cache.Take();             // a second sample of row 0
        cache.Replicate(0, replica);
        sequences[replica] = sequences[0]!.ToList();
        Decode(2);
        cache.Free(0);                          // a finished row: slot 0 idles below the busy ones
        sequences[0] = null;
        Decode(2);
        Join(Ids(3, 19), 0);                    // longer than every row: the appending layout widens
        Decode(3);
        cache.Free(2);                          // the highest row leaves
        sequences[2] = null;
        Decode(2);
        Assert.Equal(2, cache.BusyRows);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ARowThatOutlivesTheOthersKeepsItsLogitsAsTheWidthReachesTheCapacity(string model)
    {
        // Capacity 24: a row that joins late gets left padding; when the width reaches 24 the padding no row needs is cut.
        var package = ModelFixtures.Load(model);
        var decoder = package.Decoder;
        var vocab = decoder.VocabSize;
        using var cache = decoder.CreateCache(slots: 2, capacity: 24);
        var logits = new float[2 * vocab];
        var last = new float[vocab];
        var a = cache.Take();
        var sequenceA = new[] { 1, 2, 3, 4, 5, 6 }.Select(t => t % vocab).ToList();
        decoder.Prefill(cache, a, sequenceA.ToArray(), last, false, default);
        for (var i = 0; i < 10; i++)
        {
            sequenceA.Add((i + 9) % vocab);
            decoder.Decode(cache, [sequenceA[^1], 0], logits, default);
        }
        var b = cache.Take();
        var sequenceB = new[] { 7 % vocab, 8 % vocab }.ToList();
        decoder.Prefill(cache, b, sequenceB.ToArray(), last, false, default);
        cache.Free(a);
        for (var i = 0; i < 18; i++)
        {
            sequenceB.Add((i * 3 + 2) % vocab);
            decoder.Decode(cache, [0, sequenceB[^1]], logits, default);
            AssertMatches(package, sequenceB, logits.AsSpan(vocab, vocab), $"{model}: step {i}, {sequenceB.Count} tokens");
        }
        Assert.Equal(sequenceB.Count, cache.Length(b));
    }

    private static void AssertMatches(ModelPackage package, IReadOnlyList<int> sequence, ReadOnlySpan<float> actual, string what)
    {
        var expected = FullRecompute.LastLogits(package, sequence);
        // fp32: 1e-4 absolute. Half-precision graphs round every layer, and which rows share a batch changes the
        // order of some sums: a few fp16 ulps (2^-10 relative) of the logit, as measured in tests/fixtures/LAYOUTS.md.
        var half = package.Decoder.Interface.KvCache.ElementType == TensorElementType.Float16;
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            var bound = half ? Math.Max(0.03f, Math.Abs(expected[i]) * 0.004f) : 1e-4f;
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / bound);
        }
        Assert.True(worst <= 1f, $"{what}: worst difference is {worst:F2}x the bound");
    }
}
