namespace Inference.Engine.Generation;

/// <summary>Limits of the continuous-batching scheduler.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Rows decoded together at most (sum of samples of running requests).</summary>
    public int MaxBatchRows { get; set; } = 64;

    /// <summary>KV cache positions reserved at most: each running row reserves prompt + max_tokens.</summary>
    public long MaxKvTokens { get; set; } = 256 * 1024;

    /// <summary>Requests waiting for room; beyond this <see cref="QueueFullException"/> is thrown at submit.</summary>
    public int MaxQueuedRequests { get; set; } = 64;
}
