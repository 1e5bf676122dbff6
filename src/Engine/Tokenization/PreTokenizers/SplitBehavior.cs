namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>What a split does with the matched delimiters (HF SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}

internal static class SplitBehaviorApplier
{
    public static SplitBehavior Parse(string value, JsonReading json) => value switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        _ => throw json.Unsupported("pre_tokenizer", "Split", $"behavior '{value}'"),
    };

    /// <summary>
    /// Splits <paramref name="piece"/> at <paramref name="matches"/> (sorted, non-overlapping) and writes the resulting
    /// pieces, following the reference implementation's rules for each behavior.
    /// </summary>
    public static void Apply(
        ReadOnlySpan<char> piece,
        List<(int Start, int Length)> matches,
        SplitBehavior behavior,
        bool invert,
        List<(int Start, int Length, bool IsDelimiter)> segments,
        PieceList output)
    {
        segments.Clear();
        var position = 0;
        foreach (var (start, length) in matches)
        {
            if (start > position)
            {
                segments.Add((position, start - position, invert));
            }
            segments.Add((start, length, !invert));
            position = start + length;
        }
        if (position < piece.Length)
        {
            segments.Add((position, piece.Length - position, invert));
        }

        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var (start, length, _) in segments)
                {
                    output.Add(piece.Slice(start, length));
                }
                break;
            case SplitBehavior.Removed:
                foreach (var (start, length, isDelimiter) in segments)
                {
                    if (!isDelimiter)
                    {
                        output.Add(piece.Slice(start, length));
                    }
                }
                break;
            case SplitBehavior.MergedWithPrevious:
                MergeWithPrevious(segments, mergeRuns: false);
                Emit(piece, segments, output);
                break;
            case SplitBehavior.Contiguous:
                MergeWithPrevious(segments, mergeRuns: true);
                Emit(piece, segments, output);
                break;
            case SplitBehavior.MergedWithNext:
                MergeWithNext(segments);
                Emit(piece, segments, output);
                break;
        }
    }

    // Rewrites segments in place: MergedWithPrevious glues a delimiter to the segment before it unless that one was a
    // delimiter too; Contiguous glues a delimiter only to a delimiter before it.
    private static void MergeWithPrevious(List<(int Start, int Length, bool IsDelimiter)> segments, bool mergeRuns)
    {
        var written = 0;
        var previousDelimiter = false;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var merge = mergeRuns
                ? segment.IsDelimiter && previousDelimiter
                : segment.IsDelimiter && !previousDelimiter && written > 0;
            if (merge)
            {
                var last = segments[written - 1];
                segments[written - 1] = (last.Start, segment.Start + segment.Length - last.Start, last.IsDelimiter);
            }
            else
            {
                segments[written++] = segment;
            }
            previousDelimiter = segment.IsDelimiter;
        }
        segments.RemoveRange(written, segments.Count - written);
    }

    private static void MergeWithNext(List<(int Start, int Length, bool IsDelimiter)> segments)
    {
        var written = segments.Count;
        var nextDelimiter = false;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (segment.IsDelimiter && !nextDelimiter && written < segments.Count)
            {
                var following = segments[written];
                segments[written] = (segment.Start, following.Start + following.Length - segment.Start, following.IsDelimiter);
            }
            else
            {
                segments[--written] = segment;
            }
            nextDelimiter = segment.IsDelimiter;
        }
        segments.RemoveRange(0, written);
    }

    private static void Emit(ReadOnlySpan<char> piece, List<(int Start, int Length, bool IsDelimiter)> segments, PieceList output)
    {
        foreach (var (start, length, _) in segments)
        {
            output.Add(piece.Slice(start, length));
        }
    }
}
