using Inference.Engine.Generation;

namespace Inference.Pipeline.Requests;

/// <summary>best_of without a selection strategy: the n samples of highest mean token log-probability, as OpenAI returns them.</summary>
public static class BestOfRanking
{
    public static IReadOnlyList<SampleResult> Returned(IReadOnlyList<SampleResult> samples, int n) => samples.Count <= n
        ? samples
        : samples.OrderByDescending(s => s.MeanLogprob).ThenBy(s => s.Index).Take(n).ToList();
}
