using Inference.Selection;

namespace Inference.Verifiers.Tests;

internal static class Candidates
{
    public static Candidate Of(int index, string text) =>
        new Candidate(index, text, 5, -1.0).WithAnswerFrom(CascadeAnswerExtractor.Math);

    public static IReadOnlyList<Candidate> Texts(params string[] texts) => texts.Select((text, i) => Of(i, text)).ToList();
}
