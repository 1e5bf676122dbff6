using Inference.Engine.Constraints;

namespace Inference.Engine.Sampling;

/// <summary>
/// A request's sampling parameters prepared once for the decode loop, so that sampling a token allocates nothing:
/// the logit bias as arrays, the ids that end a sample, and whether the sampled token's log-probability is needed.
/// </summary>
public sealed class SamplingPlan
{
    public SamplingPlan(SamplingParams parameters, IReadOnlyList<int> stopTokenIds, BoundConstraint? constraint = null)
    {
        Params = parameters;
        Constraint = constraint;
        StopTokenIds = stopTokenIds.ToArray();
        BiasTokens = parameters.LogitBias.Keys.ToArray();
        BiasValues = BiasTokens.Select(t => (float)parameters.LogitBias[t]).ToArray();
        ComputesLogprob = parameters.Logprobs || parameters.TopLogprobs > 0 || parameters.ScoreSamples;
    }

    public SamplingParams Params { get; }

    /// <summary>The request's constraint bound to the model's vocabulary; each row has its own matcher.</summary>
    public BoundConstraint? Constraint { get; }

    /// <summary>Token ids that end a sample (suppressed until min_tokens).</summary>
    public int[] StopTokenIds { get; }

    internal int[] BiasTokens { get; }

    internal float[] BiasValues { get; }

    /// <summary>True when the sampled token's log-probability is computed (reported, or summed to rank samples).</summary>
    public bool ComputesLogprob { get; }
}

/// <summary>
/// One row of a batch to sample: its sequence state (tokens so far, random stream), its request's plan, and its grammar
/// state when the request is constrained.
/// </summary>
public readonly record struct SamplingRow(SequenceState Sequence, SamplingPlan Plan, ConstraintMatcher? Constraint = null);
