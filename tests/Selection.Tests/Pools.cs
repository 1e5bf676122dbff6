using Inference.Selection;

namespace Inference.Selection.Tests;

/// <summary>Builds candidates with a given answer, reward and mean log-prob for strategy tests.</summary>
internal static class Pools
{
    public static Candidate C(int index, string? answer, double? reward = null, double? meanLogProb = null, int tokens = 10)
    {
        // Each candidate its own text (two samples with one text are the same sample: see the identical-text tests).
        var candidate = new Candidate(index, answer is null ? $"no answer here ({index})" : $"... ({index}) #### {answer}", tokens, meanLogProb * tokens);
        return candidate.WithAnswer(answer is null ? null : ExtractedAnswer.From(answer)).WithReward(reward);
    }

    public static IReadOnlyList<Candidate> Of(params Candidate[] candidates) => candidates;

    public static int[] Indices(SelectionResult result) => result.Chosen.Select(c => c.Index).ToArray();
}
