namespace Inference.Protocol;

/// <summary>{"rule": "beta"}: stop when P(the leading answer is the majority) under Beta(v1+1, v2+1) reaches threshold.</summary>
public sealed class BetaEarlyStopRequest : EarlyStopRequest
{
    public BetaEarlyStopRequest() => Rule = "beta";

    /// <summary>In (0.5, 1); default 0.95.</summary>
    public double? Threshold { get; set; }
}
