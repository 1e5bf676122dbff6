namespace Inference.Verifiers;

/// <summary>
/// What a reward model's output number is, from <c>reward_config.json</c>'s <c>score_type</c>. Verdict scores are
/// probabilities when the model says its scores are logits, so that summing them (reward-weighted majority) adds
/// non-negative votes instead of letting a confident "wrong" logit subtract from an answer.
/// </summary>
public enum RewardScoreKind
{
    /// <summary>No statement: scores are used as they come.</summary>
    Raw,

    /// <summary>The logit of P(correct): verdicts carry sigmoid(score).</summary>
    Logit,

    /// <summary>Already a probability in [0, 1].</summary>
    Probability,
}
