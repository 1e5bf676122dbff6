namespace Inference.Engine.Generation;

/// <summary>All samples of a request, in sample order, with what they cost.</summary>
public sealed record GenerationResult(
    string RequestId,
    IReadOnlyList<SampleResult> Samples,
    int PromptTokens,
    TimeSpan QueueTime,
    TimeSpan PrefillTime,
    TimeSpan TotalTime)
{
    public int CompletionTokens => Samples.Sum(s => s.Length);

    /// <summary>
    /// From leaving the queue to the request's rows holding their prompt's cache and first token: the prefill, the
    /// copies of the prompt's cache into the other samples' slots and the first draw (zero when it never started).
    /// </summary>
    public TimeSpan AdmissionTime { get; init; }

    /// <summary>One entry per prompt token when <see cref="GenerationRequest.PromptLogprobs"/> was set, else null.</summary>
    public IReadOnlyList<PromptTokenLogprob>? PromptLogprobs { get; init; }
}
