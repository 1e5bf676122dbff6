using System.Text;

namespace Inference.Pipeline.Tools;

/// <summary>
/// One choice's text as it streams in a request with tools: what can go out as content now, and, at the end, the
/// message <see cref="ToolCallParser"/> finds in the whole text with the content not yet sent. With tool_choice auto,
/// text streams until it could be a call: a message that opens with '{' or '[' (Llama 3's and Mistral's whole-message
/// calls) is held whole, and otherwise content streams up to the first <c>&lt;tool_call&gt;</c> (Hermes/Qwen), holding a
/// suffix that may be the start of one and trailing whitespace (the parsed content is trimmed). A forced call is one
/// JSON document: nothing streams. What was sent is always a prefix of the parsed content, so the deltas add up to
/// the content a non-streamed response has, except the leading whitespace of a text that also holds a call, which that
/// response trims.
/// </summary>
public sealed class ToolTextStream(ChatTools tools)
{
    private const string Marker = "<tool_call>";

    private readonly StringBuilder text = new();
    private bool holding = tools.Constraint is not null;
    private bool started;
    private int sent;

    // The text after what was sent and not yet known to be content: leading whitespace, trailing whitespace, a possible
    // start of the marker. Short, so each delta costs its own length, not the whole text's.
    private string unsent = "";

    /// <summary>Adds a delta; returns the content that can be sent now ("" when none).</summary>
    public string Append(string delta)
    {
        text.Append(delta);
        if (holding) return "";
        unsent += delta;
        if (!started)
        {
            var first = unsent.AsSpan().IndexOfAnyExcept(" \t\r\n");
            if (first < 0) return "";
            started = true;
            if (unsent[first] is '{' or '[')
            {
                holding = true;
                return "";
            }
        }
        var marker = unsent.IndexOf(Marker, StringComparison.Ordinal);
        var end = marker >= 0 ? marker : unsent.Length - PartialMarker(unsent);
        holding = marker >= 0;
        while (end > 0 && char.IsWhiteSpace(unsent[end - 1])) end--;
        if (end == 0) return "";
        var content = unsent[..end];
        unsent = unsent[end..];
        sent += end;
        return content;
    }

    /// <summary>The whole text parsed, and the part of its content not sent yet.</summary>
    public (ParsedMessage Message, string UnsentContent) Finish()
    {
        var whole = text.ToString();
        var message = ToolCallParser.Parse(whole, tools);
        var content = message.Content ?? "";
        var streamed = whole[..sent];
        // A text with calls has its content trimmed, so what was sent may start with whitespace the content lacks.
        var prefix = content.StartsWith(streamed, StringComparison.Ordinal) ? streamed : streamed.TrimStart();
        return (message, content.StartsWith(prefix, StringComparison.Ordinal) ? content[prefix.Length..] : content);
    }

    /// <summary>How many characters at the end of <paramref name="s"/> could be the start of the marker.</summary>
    private static int PartialMarker(string s)
    {
        for (var length = Math.Min(Marker.Length - 1, s.Length); length > 0; length--)
            if (s.AsSpan(s.Length - length).SequenceEqual(Marker.AsSpan(0, length)))
                return length;
        return 0;
    }
}
