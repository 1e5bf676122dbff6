using Inference.Engine.Sampling;

namespace Inference.Engine.Generation;

/// <summary>Something that happened to one sample of a request.</summary>
public abstract record GenerationEvent(int SampleIndex);

/// <summary>A token was generated. <see cref="TextDelta"/> is the text it completes (may be empty while a UTF-8
/// character or a possible stop string is incomplete); a stop string's text is never emitted.</summary>
public sealed record TokenGenerated(int SampleIndex, int TokenId, string TextDelta, float Logprob, TokenLogprob[]? TopLogprobs)
    : GenerationEvent(SampleIndex);

/// <summary>A sample finished; the last event of that sample. <see cref="TextDelta"/> is text held back until the end.</summary>
public sealed record SampleCompleted(int SampleIndex, string TextDelta, SampleResult Result) : GenerationEvent(SampleIndex);

/// <summary>The prompt was scored (only when <see cref="GenerationRequest.PromptLogprobs"/> is set): emitted once per
/// request, before any token. It concerns every sample, so <see cref="GenerationEvent.SampleIndex"/> is -1.</summary>
public sealed record PromptScored(IReadOnlyList<PromptTokenLogprob> Tokens) : GenerationEvent(-1);
