namespace Inference.Pipeline.Sources;

/// <summary>How a pool runs a draw's chunks.</summary>
public sealed record ShardingOptions
{
    /// <summary>A chunk still running after this long is also drawn on the least loaded other member; the first to
    /// finish is kept and the other cancelled (same seeds, so the same samples). Null: no hedging.</summary>
    public TimeSpan? HedgeAfter { get; init; }

    /// <summary>Sampling stops after this long and selection runs on the samples that arrived, the response saying how
    /// many were missing and why. Null: wait for every chunk (the request's own deadline still applies).</summary>
    public TimeSpan? SamplingTimeout { get; init; }
}
