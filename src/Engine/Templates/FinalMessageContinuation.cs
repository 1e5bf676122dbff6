namespace Inference.Engine.Templates;

/// <summary>
/// transformers' <c>continue_final_message</c>: the rendered prompt is cut right after the last occurrence of the
/// final message's text, so whatever the template appends after it (end-of-turn tokens) is dropped. Templates that
/// trim the message are handled the same way transformers handles them.
/// </summary>
internal static class FinalMessageContinuation
{
    public static string Cut(string rendered, IReadOnlyList<TemplateValue> messages)
    {
        if (messages.Count == 0)
            throw new TemplateRuntimeException("continue_final_message is set but there are no messages");
        var final = FinalText(Values.GetItem(messages[^1], new StringValue("content")));
        var stripped = PyString.Strip(final, true, true);
        var location = rendered.LastIndexOf(stripped, StringComparison.Ordinal);
        if (location < 0)
            throw new TemplateRuntimeException("continue_final_message is set but the final message does not appear in the chat after applying the chat template");
        var leftStripped = PyString.Strip(final, true, false);
        var end = Math.Min(rendered.Length, location + leftStripped.Length);
        // The template kept the message verbatim (trailing whitespace included): keep that whitespace too.
        var preserved = rendered.AsSpan(location, end - location).SequenceEqual(final);
        return rendered[..(preserved ? end : location + stripped.Length)];
    }

    private static string FinalText(TemplateValue content)
    {
        switch (content)
        {
            case StringValue s:
                return s.Value;
            case ListValue blocks:
                for (var i = blocks.Items.Count - 1; i >= 0; i--)
                    if (blocks.Items[i] is DictValue block && block.TryGet("text", out var text) && text is StringValue t)
                        return t.Value;
                throw new TemplateRuntimeException("continue_final_message is set but we could not find any text to continue in the final message!");
            default:
                throw new TemplateRuntimeException($"continue_final_message needs text content in the final message, not {content.TypeName}");
        }
    }
}
