using System.Text;

namespace Inference.Engine.Generation;

/// <summary>
/// Finds stop strings in a growing text, across token boundaries, and decides how much text is safe to emit:
/// text that could still become the start of a stop string is held back until it cannot.
/// </summary>
public sealed class StopStringMatcher(IReadOnlyList<string> stops)
{
    private readonly StringBuilder text = new();
    private readonly int longest = stops.Count == 0 ? 0 : stops.Max(s => s.Length);
    private int emitted;

    /// <summary>The stop string that matched, once one has.</summary>
    public string? Matched { get; private set; }

    /// <summary>The text up to (not including) the stop string, or all text so far.</summary>
    public string Text => Matched is null ? text.ToString() : text.ToString(0, emitted);

    /// <summary>Adds decoded text; returns what may be emitted now. After a match it returns the text before the stop.</summary>
    public string Add(string delta)
    {
        if (Matched is not null) return "";
        text.Append(delta);
        if (stops.Count == 0) return Emit(text.Length);

        // Only the unemitted text and the longest-1 characters before it can hold a new match: copying just that
        // window keeps a long generation with stop strings linear in its length.
        var windowStart = Math.Max(0, emitted - longest + 1);
        var window = text.ToString(windowStart, text.Length - windowStart);
        var first = -1;
        string? which = null;
        foreach (var stop in stops)
        {
            var at = window.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first)) (first, which) = (at, stop);
        }
        if (which is not null)
        {
            Matched = which;
            var before = Emit(Math.Max(windowStart + first, emitted));
            text.Length = emitted;
            return before;
        }
        return Emit(text.Length - HeldBack(window, text.Length - emitted));
    }

    /// <summary>Everything not yet emitted (the sequence ended without a stop string).</summary>
    public string Flush() => Matched is null ? Emit(text.Length) : "";

    private int HeldBack(string window, int unemitted)
    {
        // The longest unemitted suffix of the text that is a proper prefix of some stop string.
        for (var length = Math.Min(longest - 1, unemitted); length > 0; length--)
        {
            var suffix = window.AsSpan(window.Length - length);
            foreach (var stop in stops)
                if (stop.Length > length && stop.AsSpan().StartsWith(suffix, StringComparison.Ordinal)) return length;
        }
        return 0;
    }

    private string Emit(int upTo)
    {
        if (upTo <= emitted) return "";
        var piece = text.ToString(emitted, upTo - emitted);
        emitted = upTo;
        return piece;
    }
}
