namespace Inference.Selection;

/// <summary>Tries extractors in order and returns the first answer found.</summary>
public sealed class CascadeAnswerExtractor(IReadOnlyList<IAnswerExtractor> extractors) : IAnswerExtractor
{
    /// <summary>The math convention: <c>####</c>, "The answer is", last <c>\boxed{}</c>, last number.</summary>
    public static CascadeAnswerExtractor Math { get; } = new(
        [new HashAnswerExtractor(), new AnswerIsExtractor(), new BoxedAnswerExtractor(), new LastNumberExtractor()]);

    public ExtractedAnswer? Extract(string text)
    {
        foreach (var extractor in extractors)
        {
            if (extractor.Extract(text) is { } answer)
            {
                return answer;
            }
        }

        return null;
    }
}
