namespace Inference.Selection;

/// <summary>The whole response, trimmed; an empty response has no answer.</summary>
public sealed class WholeTextExtractor : IAnswerExtractor
{
    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : ExtractedAnswer.From(trimmed);
    }
}
