namespace Inference.Selection;

/// <summary>
/// The whole response as one JSON document (structured outputs, tool calls): its key is the canonical JSON
/// (<see cref="CanonicalJson"/>), compared exactly, so documents that differ only in member order, whitespace or number
/// spelling are one answer. A response that is not JSON has no answer.
/// </summary>
public sealed class JsonAnswerExtractor : IAnswerExtractor
{
    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CanonicalJson.TryCanonicalize(text) is { } canonical ? new ExtractedAnswer(canonical, new AnswerKey(canonical, null)) : null;
    }
}
