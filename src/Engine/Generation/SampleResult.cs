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
}

/// <summary>
/// One finished sample. <see cref="TokenIds"/> are the generated ids including a final stop token;
/// <see cref="Text"/> excludes stop tokens and stop strings. <see cref="LogprobSum"/> sums the per-token log-probabilities
/// (see <see cref="SampledToken"/> for which distribution) over <see cref="TokenIds"/>.
/// </summary>
public sealed record SampleResult(
    int Index,
    string Text,
    IReadOnlyList<int> TokenIds,
    FinishReason FinishReason,
    double LogprobSum,
    long Seed,
    string? MatchedStop,
    IReadOnlyList<float>? TokenLogprobs,
    IReadOnlyList<TokenLogprob[]>? TopLogprobs)
{
    public int Length => TokenIds.Count;

    public double MeanLogprob => TokenIds.Count == 0 ? 0 : LogprobSum / TokenIds.Count;
}
