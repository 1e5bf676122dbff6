using System.Text.RegularExpressions;

namespace Inference.Selection;

/// <summary>GSM8K style: the text following the last <c>####</c>, to the end of its line.</summary>
public sealed partial class HashAnswerExtractor : IAnswerExtractor
{
    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Marker().Matches(text);
        for (var i = matches.Count - 1; i >= 0; i--)
        {
            var answer = matches[i].Groups["answer"].Value.Trim();
            if (answer.Length > 0)
            {
                return ExtractedAnswer.From(answer);
            }
        }

        return null;
    }

    [GeneratedRegex(@"####[ \t]*(?<answer>[^\r\n]*)")]
    private static partial Regex Marker();
}
