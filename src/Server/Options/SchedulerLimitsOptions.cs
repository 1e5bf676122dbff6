using System.ComponentModel.DataAnnotations;
using Inference.Engine.Generation;

namespace Inference.Server.Options;

/// <summary>Continuous-batching limits of each model's scheduler (section "Scheduler").</summary>
public sealed class SchedulerLimitsOptions
{
    public const string Section = "Scheduler";

    /// <summary>Rows (samples) decoded together at most.</summary>
    [Range(1, 4096)]
    public int MaxBatchRows { get; set; } = 64;

    /// <summary>KV positions reserved at most (each row reserves prompt + max_tokens).</summary>
    [Range(1, long.MaxValue)]
    public long MaxKvTokens { get; set; } = 256 * 1024;

    /// <summary>Requests waiting for room; one more gets 429.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedRequests { get; set; } = 64;

    /// <summary>Seconds a client is told to wait (Retry-After) when the queue is full.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    public SchedulerOptions ToSchedulerOptions() => new()
    {
        MaxBatchRows = MaxBatchRows,
        MaxKvTokens = MaxKvTokens,
        MaxQueuedRequests = MaxQueuedRequests,
    };
}
