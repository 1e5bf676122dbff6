namespace Inference.Selection;

/// <summary>Finds the final answer in a response; returns null when the response contains none.</summary>
public interface IAnswerExtractor
{
    ExtractedAnswer? Extract(string text);
}
