using System.Text.RegularExpressions;

namespace Inference.Selection;

/// <summary>The last number in the text: <c>-?\d*\.?\d+</c>, where the integer part may use comma thousands separators.</summary>
public sealed partial class LastNumberExtractor : IAnswerExtractor
{
    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Number().Matches(text);
        return matches.Count == 0 ? null : ExtractedAnswer.From(matches[^1].Value);
    }

    [GeneratedRegex(@"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)")]
    private static partial Regex Number();
}
