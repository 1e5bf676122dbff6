using System.ComponentModel.DataAnnotations;

namespace Inference.Server.Options;

/// <summary>Per-request caps (section "Limits"); a request beyond one gets a 400 naming the parameter.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest <c>n</c> (choices returned).</summary>
    [Range(1, 4096)]
    public int MaxN { get; set; } = 16;

    /// <summary>Largest number of samples drawn for one prompt (best_of, test_time_scaling.samples).</summary>
    [Range(1, 4096)]
    public int MaxSamples { get; set; } = 64;

    /// <summary>Largest max_tokens accepted; also the default for chat when the request gives none.</summary>
    [Range(1, 1_000_000)]
    public int MaxTokens { get; set; } = 1024;

    [Range(0, 20)]
    public int MaxTopLogprobs { get; set; } = 20;

    /// <summary>Largest request body in bytes; larger gets 413.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxMessages { get; set; } = 256;

    [Range(0, 64)]
    public int MaxStopStrings { get; set; } = 4;

    /// <summary>Largest number of prompts in one /v1/completions request.</summary>
    [Range(1, 1024)]
    public int MaxPrompts { get; set; } = 16;

    /// <summary>Whole-request deadline in seconds (queueing included); past it the request gets 504.</summary>
    [Range(0.01, 86_400)]
    public double RequestTimeoutSeconds { get; set; } = 300;

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);

    /// <summary>The caps the request resolver applies; samples drawn together are bounded by the scheduler's rows.</summary>
    public Pipeline.Requests.RequestLimits ToRequestLimits(SchedulerLimitsOptions scheduler) => new()
    {
        MaxN = MaxN,
        MaxSamples = MaxSamples,
        MaxTokens = MaxTokens,
        MaxTopLogprobs = MaxTopLogprobs,
        MaxStopStrings = MaxStopStrings,
        MaxBatchRows = scheduler.MaxBatchRows,
    };
}
