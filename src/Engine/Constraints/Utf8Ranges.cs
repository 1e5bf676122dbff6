namespace Inference.Engine.Constraints;

/// <summary>
/// Turns a set of Unicode scalar values into byte-level automaton edges: every scalar in the set, and nothing else,
/// as its UTF-8 encoding (no overlong forms, no surrogates). A code point range is split where its UTF-8 length
/// changes and then until every part is a "rectangle" whose encodings vary independently per byte position, which
/// is then one chain of byte-range edges (the construction of Rust's regex-syntax Utf8Sequences).
/// </summary>
internal static class Utf8Ranges
{
    public const int MaxScalar = 0x10FFFF;

    /// <summary>Adds paths from <paramref name="from"/> to <paramref name="to"/> reading any scalar in the sorted,
    /// disjoint inclusive ranges.</summary>
    public static void Add(GrammarBuilder builder, int from, int to, IEnumerable<(int Lo, int Hi)> ranges)
    {
        foreach (var (lo, hi) in ranges)
        {
            // Surrogates are not scalar values: cut them out.
            if (lo <= 0xDFFF && hi >= 0xD800)
            {
                if (lo < 0xD800) AddByLength(builder, from, to, lo, 0xD7FF);
                if (hi > 0xDFFF) AddByLength(builder, from, to, 0xE000, hi);
            }
            else
            {
                AddByLength(builder, from, to, lo, hi);
            }
        }
    }

    /// <summary>The complement of sorted, disjoint ranges within [0, <paramref name="limit"/>].</summary>
    public static List<(int Lo, int Hi)> Complement(IReadOnlyList<(int Lo, int Hi)> ranges, int limit)
    {
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (lo, hi) in ranges)
        {
            if (lo > next) result.Add((next, Math.Min(lo - 1, limit)));
            next = Math.Max(next, hi + 1);
            if (next > limit) break;
        }
        if (next <= limit) result.Add((next, limit));
        return result;
    }

    /// <summary>Sorts and merges overlapping or adjacent ranges.</summary>
    public static List<(int Lo, int Hi)> Normalize(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var result = new List<(int Lo, int Hi)>();
        foreach (var (lo, hi) in ranges.OrderBy(r => r.Lo))
        {
            if (result.Count > 0 && lo <= result[^1].Hi + 1)
                result[^1] = (result[^1].Lo, Math.Max(result[^1].Hi, hi));
            else
                result.Add((lo, hi));
        }
        return result;
    }

    private static readonly int[] LengthLimits = [0x7F, 0x7FF, 0xFFFF, MaxScalar];

    private static void AddByLength(GrammarBuilder builder, int from, int to, int lo, int hi)
    {
        var start = lo;
        foreach (var limit in LengthLimits)
        {
            if (start > hi) return;
            if (start > limit) continue;
            var end = Math.Min(hi, limit);
            Split(builder, from, to, start, end);
            start = end + 1;
        }
    }

    /// <summary>Splits a same-length range until its encodings form a rectangle, then adds its chain.</summary>
    private static void Split(GrammarBuilder builder, int from, int to, int lo, int hi)
    {
        var length = Length(lo);
        for (var i = 1; i < length; i++)
        {
            var m = (1 << (6 * i)) - 1;
            if ((lo & ~m) == (hi & ~m)) continue;
            if ((lo & m) != 0)
            {
                Split(builder, from, to, lo, lo | m);
                Split(builder, from, to, (lo | m) + 1, hi);
                return;
            }
            if ((hi & m) != m)
            {
                Split(builder, from, to, lo, (hi & ~m) - 1);
                Split(builder, from, to, hi & ~m, hi);
                return;
            }
        }
        Span<byte> low = stackalloc byte[4];
        Span<byte> high = stackalloc byte[4];
        Encode(lo, low);
        Encode(hi, high);
        var node = from;
        for (var i = 0; i < length; i++)
        {
            var next = i == length - 1 ? to : builder.NewNode(from);
            builder.Bytes(node, low[i], high[i], next);
            node = next;
        }
    }

    private static int Length(int scalar) => scalar <= 0x7F ? 1 : scalar <= 0x7FF ? 2 : scalar <= 0xFFFF ? 3 : 4;

    /// <summary>Writes the UTF-8 encoding of a scalar; returns its length.</summary>
    public static int Encode(int scalar, Span<byte> destination) => new System.Text.Rune(scalar).EncodeToUtf8(destination);
}
