namespace Inference.Engine.Generation;

/// <summary>Limits of the continuous-batching scheduler.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Rows decoded together at most (sum of samples of running requests): the KV cache's slots.</summary>
    public int MaxBatchRows { get; set; } = 64;

    /// <summary>
    /// KV cache positions allocated at most, over all rows and copies (a graph that returns a new present needs two).
    /// Each row holds min(context length, MaxKvTokens / (MaxBatchRows x copies)) positions, so a request fits when its
    /// prompt plus max_tokens does. A prefill's logits (prompt length x vocabulary floats) are counted in the same
    /// budget, in KV positions of equal size, while the prefill runs.
    /// </summary>
    public long MaxKvTokens { get; set; } = 256 * 1024;

    /// <summary>Requests waiting for room; beyond this <see cref="QueueFullException"/> is thrown at submit.</summary>
    public int MaxQueuedRequests { get; set; } = 64;
}
