using Inference.Engine.Constraints;

namespace Inference.Engine.Tests.Constraints;

/// <summary>The vectorised mask equals the scalar definition: a logit stays when its bit is set and becomes -inf otherwise.</summary>
public sealed class TokenMaskApplyTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(777)]
    [InlineData(32064)]
    [InlineData(64)]
    [InlineData(5)]
    public void ApplyingAMaskKeepsExactlyTheAllowedLogits(int vocab)
    {
        var random = new Random(vocab);
        for (var round = 0; round < 20; round++)
        {
            var bits = new ulong[(vocab + 63) / 64];
            for (var w = 0; w < bits.Length; w++)
                bits[w] = (round % 4) switch
                {
                    0 => ulong.MaxValue,
                    1 => 0,
                    2 => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40),
                    _ => random.Next(3) switch { 0 => 0, 1 => ulong.MaxValue, _ => 1UL << random.Next(64) },
                };
            var logits = Enumerable.Range(0, vocab).Select(_ => (float)random.NextDouble() * 10 - 5).ToArray();
            var expected = logits.Select((x, i) => (bits[i >> 6] & (1UL << (i & 63))) != 0 ? x : float.NegativeInfinity).ToArray();
            TokenMask.Apply(logits, bits);
            Assert.Equal(expected, logits);
            var first = Array.FindIndex(expected, x => !float.IsNegativeInfinity(x));
            Assert.Equal(first, TokenMask.First(bits) is var f && f < vocab ? f : -1);
        }
    }
}
