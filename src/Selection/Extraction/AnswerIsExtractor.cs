using System.Text.RegularExpressions;

namespace Inference.Selection;

/// <summary>
/// The last "the (final) answer is ..." phrase, up to the end of its sentence (a period followed by a space or the end
/// of the line, so decimals survive). A <c>\boxed{}</c> inside the phrase is unwrapped.
/// </summary>
public sealed partial class AnswerIsExtractor : IAnswerExtractor
{
    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Phrase().Matches(text);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var answer = matches[i].Groups["answer"].Value.Trim();
            if (BoxedAnswerExtractor.FindLastBoxed(answer) is { } boxed)
            {
                answer = boxed.Trim();
            }

            if (answer.Length > 0)
            {
                return ExtractedAnswer.From(answer);
            }
        }

        return null;
    }

    // Lazy up to the sentence end: a period followed by whitespace or the end, or a line break.
    [GeneratedRegex(@"the\s+(?:final\s+)?answer\s+is\s*[:=]?\s*(?<answer>[^\r\n]*?)(?=\.(?:\s|$)|[\r\n]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Phrase();
}
