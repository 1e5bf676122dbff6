using System.Numerics;

namespace Inference.Engine.Sampling;

/// <summary>
/// The random stream of one sample: xoshiro256** (Blackman and Vigna) seeded through SplitMix64, as its authors
/// recommend. Sample i of a request is seeded with seed + i; System.Random's seeded generator (a subtractive
/// generator kept for compatibility) gives consecutive seeds visibly correlated first draws, which made the samples of
/// one request less independent than majority voting assumes. Defined here bit for bit, so a seed reproduces the same
/// stream on every platform and .NET version.
/// </summary>
public sealed class RowRandom
{
    private ulong s0, s1, s2, s3;

    public RowRandom(long seed)
    {
        var state = unchecked((ulong)seed);
        s0 = SplitMix64(ref state);
        s1 = SplitMix64(ref state);
        s2 = SplitMix64(ref state);
        s3 = SplitMix64(ref state);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
