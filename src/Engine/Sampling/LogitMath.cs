using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Inference.Engine.Sampling;

/// <summary>
/// Vectorised passes over one row of logits or weights, on <see cref="TensorPrimitives"/> (AVX-512/AVX2 on x64, NEON
/// on ARM64) where it has the operation. Sums accumulate in float lanes within a chunk and in double across chunks, so
/// a 256k-token row keeps about 1e-6 relative accuracy without double-precision exponentials.
/// </summary>
internal static class LogitMath
{
    /// <summary>Elements summed in float lanes before the partial sum moves to double.</summary>
    private const int Chunk = 2048;

    /// <summary>Elements skipped at once by their sum in the inverse-CDF searches.</summary>
    private const int Block = 256;

    /// <summary>The largest logit. NaN logits (a model fault, e.g. fp16 overflow) are replaced by -inf first, so
    /// that one bad row cannot poison the draw.</summary>
    public static float Max(Span<float> x)
    {
        var max = TensorPrimitives.Max<float>(x);
        if (!float.IsNaN(max)) return max;
        foreach (ref var v in x)
            if (float.IsNaN(v)) v = float.NegativeInfinity;
        return TensorPrimitives.Max<float>(x);
    }

    /// <summary>The first index holding <paramref name="max"/> (the row's maximum): greedy decoding, ties to the lower id.</summary>
    public static int IndexOfMax(ReadOnlySpan<float> x, float max)
    {
        // Searched as bits, which vectorises (float's own IndexOf compares one by one for NaN's sake) and is exact for
        // every value but a zero (+0 and -0 are equal logits with different bits).
        if (max != 0)
        {
            var at = MemoryMarshal.Cast<float, int>(x).IndexOf(BitConverter.SingleToInt32Bits(max));
            if (at >= 0) return at;
        }
        for (var i = 0; i < x.Length; i++)
            if (x[i] == max) return i;
        return 0;
    }

    /// <summary>Writes w_i = exp((x_i - shift) · scale) and returns Σ w_i.</summary>
    public static double ExpInto(ReadOnlySpan<float> x, float shift, float scale, Span<float> w)
    {
        w = w[..x.Length];
        TensorPrimitives.Subtract(x, shift, w);
        if (scale != 1f) TensorPrimitives.Multiply(w, scale, w);
        TensorPrimitives.Exp(w, w);
        return Sum(w);
    }

    /// <summary>Σ w_i in float lanes per chunk, chunks summed in double.</summary>
    public static double Sum(ReadOnlySpan<float> w)
    {
        double total = 0;
        for (var start = 0; start < w.Length; start += Chunk)
            total += TensorPrimitives.Sum<float>(w.Slice(start, Math.Min(Chunk, w.Length - start)));
        return total;
    }

    /// <summary>Sets every weight below <paramref name="threshold"/> to 0 and returns the sum of those kept.</summary>
    public static double ZeroBelow(Span<float> w, float threshold)
    {
        var width = Vector<float>.Count;
        var vThreshold = new Vector<float>(threshold);
        ref var start = ref MemoryMarshal.GetReference(w);
        var i = 0;
        for (; i <= w.Length - width; i += width)
        {
            var v = Vector.LoadUnsafe(ref start, (nuint)i);
            Vector.ConditionalSelect(Vector.GreaterThanOrEqual(v, vThreshold), v, Vector<float>.Zero).StoreUnsafe(ref start, (nuint)i);
        }
        for (; i < w.Length; i++)
            if (w[i] < threshold) w[i] = 0;
        return Sum(w);
    }

    /// <summary>
    /// The first index whose cumulative weight exceeds <paramref name="target"/> (inverse-CDF draw). Whole blocks are
    /// skipped by their vectorised sum; only the block holding the answer is scanned one by one. When rounding leaves
    /// the target unreached, the last index with a positive weight is returned.
    /// </summary>
    public static int IndexAtCumulative(ReadOnlySpan<float> w, double target)
    {
        double accumulated = 0;
        for (var start = 0; start < w.Length; start += Block)
        {
            var part = w.Slice(start, Math.Min(Block, w.Length - start));
            double sum = TensorPrimitives.Sum<float>(part);
            if (accumulated + sum <= target)
            {
                accumulated += sum;
                continue;
            }
            for (var i = 0; i < part.Length; i++)
            {
                if (part[i] <= 0) continue;
                accumulated += part[i];
                if (target < accumulated) return start + i;
            }
        }
        // Rounding between block sums and the scan: fall back to the last positive weight.
        for (var i = w.Length - 1; i >= 0; i--)
            if (w[i] > 0) return i;
        return 0;
    }

    /// <summary>
    /// Σ w_i over the tokens ranked before token (<paramref name="value"/>, <paramref name="index"/>): a larger logit,
    /// or the same logit at a lower id (the order in which top-k and top-p keep tokens).
    /// </summary>
    public static double MassRankedBefore(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float value, int index)
    {
        double total = 0;
        for (var start = 0; start < x.Length; start += Block)
        {
            var length = Math.Min(Block, x.Length - start);
            total += RankedBeforeSum(x.Slice(start, length), w.Slice(start, length), value, index - start);
        }
        return total;
    }

    /// <summary><see cref="IndexAtCumulative"/> over only the tokens ranked before (<paramref name="value"/>, <paramref name="index"/>).</summary>
    public static int IndexAtCumulativeRankedBefore(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float value, int index, double target)
    {
        double accumulated = 0;
        for (var start = 0; start < x.Length; start += Block)
        {
            var length = Math.Min(Block, x.Length - start);
            var xs = x.Slice(start, length);
            var ws = w.Slice(start, length);
            var sum = RankedBeforeSum(xs, ws, value, index - start);
            if (accumulated + sum <= target)
            {
                accumulated += sum;
                continue;
            }
            for (var i = 0; i < length; i++)
            {
                if (ws[i] <= 0 || !RankedBefore(xs[i], i + start, value, index)) continue;
                accumulated += ws[i];
                if (target < accumulated) return start + i;
            }
        }
        for (var i = w.Length - 1; i >= 0; i--)
            if (w[i] > 0 && RankedBefore(x[i], i, value, index)) return i;
        return 0;
    }

    private static bool RankedBefore(float x, int i, float value, int index) => x > value || (x == value && i < index);

    /// <summary>Σ w over one block's tokens ranked before (value, index), where index is relative to the block.</summary>
    private static double RankedBeforeSum(ReadOnlySpan<float> x, ReadOnlySpan<float> w, float value, int index)
    {
        var width = Vector<float>.Count;
        var vValue = new Vector<float>(value);
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ws = ref MemoryMarshal.GetReference(w);
        var lanes = Vector<float>.Zero;
        double ties = 0;
        var i = 0;
        for (; i <= x.Length - width; i += width)
        {
            var v = Vector.LoadUnsafe(ref xs, (nuint)i);
            var wv = Vector.LoadUnsafe(ref ws, (nuint)i);
            lanes += Vector.ConditionalSelect(Vector.GreaterThan(v, vValue), wv, Vector<float>.Zero);
            if (!Vector.EqualsAny(v, vValue)) continue;
            // Equal logits are ranked by id: only those before the pivot count.
            for (var j = i; j < i + width; j++)
                if (x[j] == value && j < index) ties += w[j];
        }
        for (; i < x.Length; i++)
            if (RankedBefore(x[i], i, value, index)) ties += w[i];
        return Vector.Sum(lanes) + ties;
    }
}
