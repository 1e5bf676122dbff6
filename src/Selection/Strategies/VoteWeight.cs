namespace Inference.Selection;

/// <summary>The weight each vote carries in weighted majority.</summary>
public enum VoteWeight
{
    /// <summary>w_i = r_i, the candidate's reward.</summary>
    Reward,
    /// <summary>w_i = exp(lp_i / L_i), the exponentiated mean token log-probability.</summary>
    MeanLogProbExp,
}
