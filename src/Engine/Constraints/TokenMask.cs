using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Inference.Engine.Constraints;

/// <summary>
/// Applies an allowed-token bitset (bit t of word t / 64) to a row of logits: disallowed logits become -inf. Words
/// that allow everything are skipped and words that allow nothing are filled; a mixed word blends eight logits at a
/// time with a lane mask looked up from each byte of the word.
/// </summary>
internal static class TokenMask
{
    private static readonly Vector256<float>[] LaneMasks = BuildLaneMasks();

    public static void Apply(Span<float> logits, ReadOnlySpan<ulong> allowed)
    {
        var negativeInfinity = Vector256.Create(float.NegativeInfinity);
        ref var row = ref MemoryMarshal.GetReference(logits);
        for (var w = 0; w < allowed.Length; w++)
        {
            var start = w << 6;
            if (start >= logits.Length) break;
            var bits = allowed[w];
            var length = Math.Min(64, logits.Length - start);
            if (bits == ulong.MaxValue && length == 64) continue;
            if (bits == 0)
            {
                logits.Slice(start, length).Fill(float.NegativeInfinity);
                continue;
            }
            if (length == 64 && Vector256.IsHardwareAccelerated)
            {
                for (var k = 0; k < 8; k++)
                {
                    var lanes = LaneMasks[(byte)(bits >> (k << 3))];
                    var at = (nuint)(start + (k << 3));
                    Vector256.ConditionalSelect(lanes, Vector256.LoadUnsafe(ref row, at), negativeInfinity).StoreUnsafe(ref row, at);
                }
                continue;
            }
            var blocked = ~bits;
            while (blocked != 0)
            {
                var bit = BitOperations.TrailingZeroCount(blocked);
                if (bit >= length) break;
                logits[start + bit] = float.NegativeInfinity;
                blocked &= blocked - 1;
            }
        }
    }

    /// <summary>The lowest allowed id, or -1.</summary>
    public static int First(ReadOnlySpan<ulong> allowed)
    {
        for (var w = 0; w < allowed.Length; w++)
            if (allowed[w] != 0) return (w << 6) + BitOperations.TrailingZeroCount(allowed[w]);
        return -1;
    }

    public static bool Contains(ReadOnlySpan<ulong> allowed, int id) => (uint)(id >> 6) < (uint)allowed.Length && (allowed[id >> 6] & (1UL << (id & 63))) != 0;

    private static Vector256<float>[] BuildLaneMasks()
    {
        var masks = new Vector256<float>[256];
        var ones = BitConverter.Int32BitsToSingle(-1);
        Span<float> lanes = stackalloc float[8];
        for (var m = 0; m < 256; m++)
        {
            for (var j = 0; j < 8; j++) lanes[j] = (m >> j & 1) != 0 ? ones : 0f;
            masks[m] = Vector256.Create<float>(lanes);
        }
        return masks;
    }
}
