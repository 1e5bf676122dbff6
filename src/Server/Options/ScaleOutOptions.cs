using Inference.Pipeline.Sources;

namespace Inference.Server.Options;

/// <summary>Section "ScaleOut": how a served model with backends (section "Backends") spreads its samples.</summary>
public sealed class ScaleOutOptions
{
    public const string Section = "ScaleOut";

    /// <summary>Whether this server's own engine is a member of the pool too; false makes it a gateway that only
    /// selects (its model is still loaded: it tokenizes, resolves defaults and serves plain requests).</summary>
    public bool LocalSamples { get; set; } = true;

    /// <summary>The local engine's capacity relative to the backends' (<see cref="BackendOptions.Capacity"/>).</summary>
    public int LocalCapacity { get; set; } = 16;

    /// <summary>A chunk still running after this many seconds is also drawn on another member; 0 disables hedging.</summary>
    public double HedgeAfterSeconds { get; set; }

    /// <summary>Selection runs on the samples that arrived after this many seconds, saying how many are missing and
    /// why; 0 waits for every chunk (the request's deadline, Limits:RequestTimeoutSeconds, still applies).</summary>
    public double SamplingTimeoutSeconds { get; set; }

    /// <summary>How long a gateway's /v1/models keeps what each backend endpoint listed (or that it was down).</summary>
    public double ModelsCacheSeconds { get; set; } = 10;

    public ShardingOptions ToShardingOptions() => new()
    {
        HedgeAfter = HedgeAfterSeconds > 0 ? TimeSpan.FromSeconds(HedgeAfterSeconds) : null,
        SamplingTimeout = SamplingTimeoutSeconds > 0 ? TimeSpan.FromSeconds(SamplingTimeoutSeconds) : null,
    };

    public IEnumerable<string> Validate()
    {
        if (LocalCapacity < 1) yield return "ScaleOut:LocalCapacity must be >= 1.";
        if (HedgeAfterSeconds is < 0 or > 3600) yield return "ScaleOut:HedgeAfterSeconds must be in [0, 3600].";
        if (SamplingTimeoutSeconds is < 0 or > 3600) yield return "ScaleOut:SamplingTimeoutSeconds must be in [0, 3600].";
        if (ModelsCacheSeconds is < 0 or > 3600) yield return "ScaleOut:ModelsCacheSeconds must be in [0, 3600].";
    }
}
