namespace Inference.Selection;

/// <summary>The content of the last brace-matched <c>\boxed{...}</c> or <c>\fbox{...}</c>; nested braces are kept.</summary>
public sealed class BoxedAnswerExtractor : IAnswerExtractor
{
    private static readonly string[] Openers = ["\\boxed{", "\\fbox{"];

    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var content = FindLastBoxed(text)?.Trim();
        return string.IsNullOrEmpty(content) ? null : ExtractedAnswer.From(content);
    }

    /// <summary>Content of the last balanced box, or null. An unbalanced last box falls back to the one before it.</summary>
    public static string? FindLastBoxed(string text)
    {
        var searchEnd = text.Length;
        while (searchEnd > 0)
        {
            var (start, opener) = LastOpener(text, searchEnd);
            if (start < 0)
            {
                return null;
            }

            var contentStart = start + opener.Length;
            var depth = 1;
            for (var i = contentStart; i < text.Length; i++)
            {
                if (text[i] == '{')
                {
                    depth++;
                }
                else if (text[i] == '}' && --depth == 0)
                {
                    return text[contentStart..i];
                }
            }

            searchEnd = start;
        }

        return null;
    }

    private static (int Start, string Opener) LastOpener(string text, int searchEnd)
    {
        var best = (-1, "");
        foreach (var opener in Openers)
        {
            var at = searchEnd == 0 ? -1 : text.LastIndexOf(opener, searchEnd - 1, StringComparison.Ordinal);
            if (at > best.Item1)
            {
                best = (at, opener);
            }
        }

        return best;
    }
}
