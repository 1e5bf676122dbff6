using Inference.Engine.Sampling;

namespace Inference.Engine.Generation;

/// <summary>Why a sample ended.</summary>
public enum FinishReason
{
    /// <summary>A stop token (EOS or a requested id) or a stop string.</summary>
    Stop,

    /// <summary>max_tokens or the model's context length.</summary>
    Length,

    /// <summary>The request was cancelled (client gone, deadline, shutdown).</summary>
    Cancelled,

    /// <summary>Its caller stopped this sample alone (<see cref="GenerationHandle.StopSamples"/>), e.g. early rejection
    /// of a weak partial sample; the other samples of the request went on.</summary>
    Rejected,
}

/// <summary>
/// One finished sample. <see cref="TokenIds"/> are the generated ids including a final stop token;
/// <see cref="Text"/> excludes stop tokens and stop strings. <see cref="LogprobSum"/> sums the per-token log-probabilities
/// (see <see cref="SampledToken"/> for which distribution) over <see cref="TokenIds"/>; it is null unless the request
/// computed them (<see cref="SamplingParams.ScoreSamples"/>, <see cref="SamplingParams.Logprobs"/> or top logprobs).
/// </summary>
public sealed record SampleResult(
    int Index,
    string Text,
    IReadOnlyList<int> TokenIds,
    FinishReason FinishReason,
    double? LogprobSum,
    long Seed,
    string? MatchedStop,
    IReadOnlyList<float>? TokenLogprobs,
    IReadOnlyList<TokenLogprob[]>? TopLogprobs)
{
    public int Length => TokenIds.Count;

    public double? MeanLogprob => LogprobSum is not { } sum ? null : TokenIds.Count == 0 ? 0 : sum / TokenIds.Count;
}
