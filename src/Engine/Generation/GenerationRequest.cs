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

    public string Id { get; init; } = Guid.NewGuid().ToString("N");
}
