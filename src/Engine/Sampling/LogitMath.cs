using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Inference.Engine.Sampling;

/// <summary>
/// Vectorised passes over one row of logits or weights (<see cref="Vector{T}"/>: AVX2 on x64, NEON on ARM64). Sums
/// accumulate in float lanes within a chunk and in double across chunks, so a 256k-token row keeps about 1e-6
/// relative accuracy without paying for double-precision exponentials.
/// </summary>
internal static class LogitMath
{
    /// <summary>Elements summed in float lanes before the partial sum moves to double; a multiple of any vector width.</summary>
    private const int Chunk = 2048;

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

    /// <summary>Σ exp((x_i - shift) · scale).</summary>
    public static double SumExp(ReadOnlySpan<float> x, float shift, float scale)
    {
        var width = Vector<float>.Count;
        var vShift = new Vector<float>(shift);
        var vScale = new Vector<float>(scale);
        ref var source = ref MemoryMarshal.GetReference(x);
        double total = 0;
        var i = 0;
        while (i < x.Length)
        {
            var end = Math.Min(x.Length, i + Chunk);
            var lanes = Vector<float>.Zero;
            for (; i <= end - width; i += width)
                lanes += Vector.Exp((Vector.LoadUnsafe(ref source, (nuint)i) - vShift) * vScale);
            double tail = 0;
            for (; i < end; i++) tail += MathF.Exp((x[i] - shift) * scale);
            total += Vector.Sum(lanes) + tail;
        }
        return total;
    }

    /// <summary>Writes w_i = exp((x_i - shift) · scale) and returns Σ w_i.</summary>
    public static double ExpInto(ReadOnlySpan<float> x, float shift, float scale, Span<float> w)
    {
        var width = Vector<float>.Count;
        var vShift = new Vector<float>(shift);
        var vScale = new Vector<float>(scale);
        ref var source = ref MemoryMarshal.GetReference(x);
        ref var target = ref MemoryMarshal.GetReference(w[..x.Length]);
        double total = 0;
        var i = 0;
        while (i < x.Length)
        {
            var end = Math.Min(x.Length, i + Chunk);
            var lanes = Vector<float>.Zero;
            for (; i <= end - width; i += width)
            {
                var e = Vector.Exp((Vector.LoadUnsafe(ref source, (nuint)i) - vShift) * vScale);
                e.StoreUnsafe(ref target, (nuint)i);
                lanes += e;
            }
            double tail = 0;
            for (; i < end; i++) tail += w[i] = MathF.Exp((x[i] - shift) * scale);
            total += Vector.Sum(lanes) + tail;
        }
        return total;
    }

    /// <summary>Sets every weight below <paramref name="threshold"/> to 0 and returns the sum of those kept.</summary>
    public static double ZeroBelow(Span<float> w, float threshold)
    {
        var width = Vector<float>.Count;
        var vThreshold = new Vector<float>(threshold);
        ref var start = ref MemoryMarshal.GetReference(w);
        double total = 0;
        var i = 0;
        while (i < w.Length)
        {
            var end = Math.Min(w.Length, i + Chunk);
            var lanes = Vector<float>.Zero;
            for (; i <= end - width; i += width)
            {
                var v = Vector.LoadUnsafe(ref start, (nuint)i);
                var kept = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(v, vThreshold), v, Vector<float>.Zero);
                kept.StoreUnsafe(ref start, (nuint)i);
                lanes += kept;
            }
            double tail = 0;
            for (; i < end; i++)
            {
                if (w[i] < threshold) w[i] = 0;
                tail += w[i];
            }
            total += Vector.Sum(lanes) + tail;
        }
        return total;
    }

    /// <summary>
    /// The first index whose cumulative weight exceeds <paramref name="target"/> (inverse-CDF draw). Whole blocks are
    /// skipped by their vectorised sum; only the block holding the answer is scanned one by one. When rounding leaves
    /// the target unreached, the last index with a positive weight is returned.
    /// </summary>
    public static int IndexAtCumulative(ReadOnlySpan<float> w, double target)
    {
        const int block = 256;
        double accumulated = 0;
        var last = -1;
        for (var start = 0; start < w.Length; start += block)
        {
            var part = w.Slice(start, Math.Min(block, w.Length - start));
            var sum = TensorPrimitives.Sum<float>(part);
            if (sum <= 0) continue;
            if (accumulated + sum <= target)
            {
                accumulated += sum;
                last = start + part.Length - 1;
                continue;
            }
            for (var i = 0; i < part.Length; i++)
            {
                if (part[i] <= 0) continue;
                accumulated += part[i];
                last = start + i;
                if (target < accumulated) return last;
            }
        }
        // Rounding between block sums and the scalar scan: fall back to the last positive weight.
        while (last >= 0 && w[last] <= 0) last--;
        return Math.Max(last, 0);
    }
}
