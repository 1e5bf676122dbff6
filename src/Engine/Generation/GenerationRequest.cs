using Inference.Engine.Sampling;

namespace Inference.Engine.Generation;

/// <summary>N samples of one prompt. The prompt runs once; its cache is replicated into N decode rows.</summary>
public sealed record GenerationRequest
{
    public required IReadOnlyList<int> PromptTokens { get; init; }

    /// <summary>How many samples to draw (N).</summary>
    public int Samples { get; init; } = 1;

    public SamplingParams Sampling { get; init; } = new();

    /// <summary>Deliver per-token events through <see cref="GenerationHandle.Events"/>; when false only the final
    /// result is produced (nothing accumulates for a reader that never comes).</summary>
    public bool Stream { get; init; } = true;

    /// <summary>
    /// Score the prompt: when set, the prefill keeps the logits of every prompt position and the result carries
    /// log p(token | prefix) for each prompt token after the first, with this many top alternatives (0..
    /// <see cref="SamplingParams.MaxTopLogprobs"/>), from the model's raw distribution (see <see cref="PromptTokenLogprob"/>).
    /// Null (the default) scores nothing and the prefill copies only its last position. With it,
    /// <see cref="SamplingParams.MaxTokens"/> may be 0: the prompt is scored and no token is sampled.
    /// </summary>
    public int? PromptLogprobs { get; init; }

    /// <summary>Whether a full queue may refuse this submission (a new request) or not (work of an admitted one).</summary>
    public QueueAdmission Admission { get; init; } = QueueAdmission.New;

    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}
