using System.Numerics;
using System.Runtime.InteropServices;

namespace Inference.Engine.Sampling;

/// <summary>
/// The k largest values of a row, largest first, ties to the lower index, without sorting the row: a min-heap of k
/// candidates whose smallest value is a threshold, and a vectorised scan that looks at a block of the row one by one
/// only when some value in it beats the threshold. After the first few thousand elements almost no block does, so
/// the cost is one vectorised compare per block plus O(k log(n/k) log k) heap work.
/// </summary>
internal static class TopTokenSelector
{
    /// <summary>
    /// Fills <paramref name="indices"/>[..count] and <paramref name="values"/>[..count] with the top
    /// count = min(indices.Length, x.Length) entries of <paramref name="x"/> in descending order; returns count.
    /// </summary>
    public static int Select(ReadOnlySpan<float> x, Span<int> indices, Span<float> values)
    {
        var k = Math.Min(indices.Length, x.Length);
        if (k == 0) return 0;
        var heapIndex = indices[..k];
        var heapValue = values[..k];
        for (var i = 0; i < k; i++)
        {
            heapIndex[i] = i;
            // A NaN logit (a model fault) ranks below every number, as if it were -inf; later NaNs never beat the threshold.
            heapValue[i] = float.IsNaN(x[i]) ? float.NegativeInfinity : x[i];
        }
        for (var at = (k / 2) - 1; at >= 0; at--) SiftDown(heapIndex, heapValue, at, k);

        var threshold = heapValue[0];
        var next = k;
        var width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && x.Length - next >= width)
        {
            ref var start = ref MemoryMarshal.GetReference(x);
            var vThreshold = new Vector<float>(threshold);
            for (; next <= x.Length - width; next += width)
            {
                // Strictly greater: an equal value at a later index loses the tie to the one already kept.
                if (!Vector.GreaterThanAny(Vector.LoadUnsafe(ref start, (nuint)next), vThreshold)) continue;
                for (var j = next; j < next + width; j++)
                {
                    if (!(x[j] > threshold)) continue;
                    heapIndex[0] = j;
                    heapValue[0] = x[j];
                    SiftDown(heapIndex, heapValue, 0, k);
                    threshold = heapValue[0];
                }
                vThreshold = new Vector<float>(threshold);
            }
        }
        for (; next < x.Length; next++)
        {
            if (!(x[next] > threshold)) continue;
            heapIndex[0] = next;
            heapValue[0] = x[next];
            SiftDown(heapIndex, heapValue, 0, k);
            threshold = heapValue[0];
        }

        // Heap sort: moving the smallest to the end repeatedly leaves the largest first.
        for (var end = k - 1; end > 0; end--)
        {
            (heapIndex[0], heapIndex[end]) = (heapIndex[end], heapIndex[0]);
            (heapValue[0], heapValue[end]) = (heapValue[end], heapValue[0]);
            SiftDown(heapIndex, heapValue, 0, end);
        }
        return k;
    }

    /// <summary>Min-heap order: a smaller value is lower; among equal values the larger index is lower (it loses ties).</summary>
    private static bool Lower(Span<int> index, Span<float> value, int a, int b)
        => value[a] < value[b] || (value[a] == value[b] && index[a] > index[b]);

    private static void SiftDown(Span<int> index, Span<float> value, int at, int size)
    {
        while (true)
        {
            var left = (2 * at) + 1;
            if (left >= size) return;
            var lowest = left + 1 < size && Lower(index, value, left + 1, left) ? left + 1 : left;
            if (!Lower(index, value, lowest, at)) return;
            (index[at], index[lowest]) = (index[lowest], index[at]);
            (value[at], value[lowest]) = (value[lowest], value[at]);
            at = lowest;
        }
    }
}
