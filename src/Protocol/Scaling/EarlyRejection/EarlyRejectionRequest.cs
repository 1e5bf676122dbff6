namespace Inference.Protocol;

/// <summary>
/// test_time_scaling.early_rejection: at each checkpoint the reward model scores every running sample's text so far,
/// the top <see cref="Keep"/> fraction goes on and the rest stop at once (their batch rows are freed). For strategies
/// that rank by reward (best_of_n, best_of_majority, weighted_majority with weight reward); not with early_stop.
/// </summary>
public sealed class EarlyRejectionRequest : WireExtensionObject
{
    /// <summary>Where to judge, ascending: an integer >= 1 is a number of generated tokens, a value in (0, 1) a fraction
    /// of max_tokens (1 to 8 checkpoints; those at or past max_tokens never come).</summary>
    public List<double>? Checkpoints { get; set; }

    /// <summary>Fraction of the running samples kept at each checkpoint, in (0, 1]; default 0.5. Never fewer than k.</summary>
    public double? Keep { get; set; }

    /// <summary>Start fresh samples (seeds continuing the request's) into the rows rejected samples free, while
    /// <see cref="MaxTotalTokens"/> allows; default false.</summary>
    public bool? Refill { get; set; }

    /// <summary>With refill: the most tokens the request may generate, rejected samples included. Every started sample
    /// reserves max_tokens of it, so at least samples x max_tokens, and at most Limits:MaxSamples x max_tokens; default
    /// twice samples x max_tokens, within that limit.</summary>
    public int? MaxTotalTokens { get; set; }
}
