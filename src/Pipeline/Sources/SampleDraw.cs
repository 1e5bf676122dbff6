using Inference.Engine.Generation;
using Inference.Engine.Sampling;

namespace Inference.Pipeline.Sources;

/// <summary>A contiguous share of a request's samples: [First, First + Count), sample i seeded BaseSeed + i.</summary>
/// <param name="PromptTokens">The prompt as the local model takes it.</param>
/// <param name="Sampling">The resolved sampling parameters (its Seed is ignored: seeds come from BaseSeed).</param>
/// <param name="Upstream">The request as the client sent it, for remote sources; null when there is none (embedded
/// calls, legacy completions), which keeps the draw on the local engine.</param>
public sealed record SampleDraw(
    IReadOnlyList<int> PromptTokens,
    SamplingParams Sampling,
    long BaseSeed,
    int First,
    int Count,
    QueueAdmission Admission,
    UpstreamRequest? Upstream)
{
    /// <summary>The seed of this share's first sample.</summary>
    public long FirstSeed => BaseSeed + First;

    /// <summary>The same request, samples [first, first + count).</summary>
    public SampleDraw Slice(int first, int count) => this with { First = first, Count = count };
}
