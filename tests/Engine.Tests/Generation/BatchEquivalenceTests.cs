using Inference.Engine.Decoding;
using Inference.Engine.Packages;
using Inference.Engine.Tests.Packages;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// A row's logits must not depend on the rows it is batched with: left padding, replication and compaction of the
/// cache must give the same logits as running the row alone (max abs diff &lt;= 1e-4 in fp32).
/// </summary>
public sealed class BatchEquivalenceTests
{
    public static IEnumerable<object[]> Models() => ModelFixtures.DecoderModels().Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(Models))]
    public void PaddedReplicatedAndCompactedRowsMatchRowsRunAlone(string model)
    {
        var package = ModelFixtures.Load(model);
        halfPrecisionLogits = package.Decoder.Interface.LogitsType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16;
        var decoder = package.Decoder;
        var spec = decoder.Interface.KvCache;
        var vocab = decoder.VocabSize;
        int[] Ids(params int[] ids) => ids.Select(i => i % vocab).ToArray();
        int[] a = Ids(5, 17, 42, 99, 7, 3, 250), b = Ids(11, 12, 13);
        int[] followA = Ids(8, 9, 10), followB = Ids(20, 21, 22);

        float[][] Alone(int[] prompt, int[] follow)
        {
            using var cache = KvBatch.Empty(spec, 1);
            var logits = new float[vocab];
            var outputs = new List<float[]>();
            decoder.Forward(cache, [prompt], logits, default);
            outputs.Add(logits.ToArray());
            foreach (var token in follow)
            {
                decoder.Forward(cache, [[token]], logits, default);
                outputs.Add(logits.ToArray());
            }
            return outputs.ToArray();
        }

        var aloneA = Alone(a, followA);
        var aloneB = Alone(b, followB);

        using var cacheA = KvBatch.Empty(spec, 1);
        using var cacheB = KvBatch.Empty(spec, 1);
        var scratch = new float[3 * vocab];
        decoder.Forward(cacheA, [a], scratch, default);
        decoder.Forward(cacheB, [b], scratch, default);

        // Row 0: A, row 1: B (left-padded by 4), row 2: a replica of A.
        using var batch = KvBatch.Gather(spec, [(cacheA, 0), (cacheB, 0), (cacheA, 0)]);
        Assert.Equal([0, 4, 0], batch.Pads);
        decoder.Forward(batch, [[followA[0]], [followB[0]], [followA[0]]], scratch, default);
        AssertClose(aloneA[1], scratch.AsSpan(0, vocab), "A padded step 1");
        AssertClose(aloneB[1], scratch.AsSpan(vocab, vocab), "B padded step 1");
        AssertClose(aloneA[1], scratch.AsSpan(2 * vocab, vocab), "A replica step 1");

        // Drop the first A row: the cache is compacted (B keeps its padding only as far as the replica needs).
        using var compacted = KvBatch.Gather(spec, [(batch, 1), (batch, 2)]);
        Assert.Equal([4, 0], compacted.Pads);
        decoder.Forward(compacted, [[followB[1]], [followA[1]]], scratch, default);
        AssertClose(aloneB[2], scratch.AsSpan(0, vocab), "B after compaction");
        AssertClose(aloneA[2], scratch.AsSpan(vocab, vocab), "A after compaction");

        // Keep only B: all padding is dropped.
        using var onlyB = KvBatch.Gather(spec, [(compacted, 0)]);
        Assert.Equal([0], onlyB.Pads);
        Assert.Equal(b.Length + 2, onlyB.Length);
        decoder.Forward(onlyB, [[followB[2]]], scratch, default);
        AssertClose(aloneB[3], scratch.AsSpan(0, vocab), "B alone after trimming");
    }

    private bool halfPrecisionLogits;

    private void AssertClose(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        // fp32: 1e-4 absolute. fp16 logits are rounded at the graph's output, so one fp16 ulp (2^-10 relative) of
        // difference is the same computation rounded on the other side of a boundary.
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            var bound = halfPrecisionLogits ? Math.Max(1e-4f, Math.Abs(expected[i]) * 0.00098f) : 1e-4f;
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / bound);
        }
        Assert.True(worst <= 1f, $"{what}: worst diff is {worst:F2}x the bound");
    }
}

/// <summary>
/// The I/O-binding path a GPU provider uses (presents bound to the cache device) exercised on the CPU: binding the
/// presents to CPU memory must give exactly the logits and cache of a plain run.
/// </summary>
public sealed class BoundCachePathTests
{
    [Theory]
    [InlineData("tiny-random-gpt2-fp32")]
    [InlineData("tiny-llama/fp16")]
    public void BoundRunsMatchPlainRuns(string model)
    {
        var package = ModelFixtures.Load(model);
        var plain = package.Decoder;
        var bound = new DecoderModel(package.Session, package.Decoder.Interface, Microsoft.ML.OnnxRuntime.OrtMemoryInfo.DefaultInstance);
        var spec = plain.Interface.KvCache;
        var vocab = plain.VocabSize;
        int[] prompt = [1, 5, 9, 13, 17];
        using var a = KvBatch.Empty(spec, 1);
        using var b = KvBatch.Empty(spec, 1);
        var la = new float[2 * vocab];
        var lb = new float[2 * vocab];
        plain.Forward(a, [prompt], la, default);
        bound.Forward(b, [prompt], lb, default);
        Assert.Equal(la, lb);
        using var a2 = KvBatch.Gather(spec, [(a, 0), (a, 0)]);
        using var b2 = KvBatch.Gather(spec, [(b, 0), (b, 0)]);
        plain.Forward(a2, [[3], [4]], la, default);
        bound.Forward(b2, [[3], [4]], lb, default);
        Assert.Equal(la, lb);
        Assert.Equal(a2.Length, b2.Length);
        for (var k = 0; k < spec.PastNames.Count; k++)
            Assert.True(a2.Tensors[k].GetTensorMutableRawData().SequenceEqual(b2.Tensors[k].GetTensorMutableRawData()));
    }
}
