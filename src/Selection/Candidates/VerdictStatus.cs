namespace Inference.Selection;

/// <summary>What one verifier concluded about one candidate.</summary>
public enum VerdictStatus
{
    /// <summary>The verifier accepted the candidate.</summary>
    Accepted,
    /// <summary>The verifier rejected the candidate.</summary>
    Rejected,
    /// <summary>The verifier produced a score but no accept/reject decision (e.g. a reward model).</summary>
    Scored,
    /// <summary>The verifier could not decide (service down, timeout, missing reference...); the reason says why.</summary>
    Unverified,
}
