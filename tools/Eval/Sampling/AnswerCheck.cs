using Inference.Selection;

namespace Inference.Eval.Sampling;

/// <summary>A sample is correct when its extracted answer is equivalent to the reference (Selection's normalization
/// and numeric tolerance — the same rule the strategies vote with).</summary>
public static class AnswerCheck
{
    public static bool IsCorrect(ExtractedAnswer? answer, AnswerKey reference) =>
        answer is not null && answer.Key.IsEquivalentTo(reference);
}
