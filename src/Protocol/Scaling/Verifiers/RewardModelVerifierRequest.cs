namespace Inference.Protocol;

/// <summary>{"type": "reward_model", "accept_threshold": 0.5}: the model's reward model scores every sample; with a
/// threshold, a score at or above it accepts and one below rejects.</summary>
public sealed class RewardModelVerifierRequest : VerifierRequest
{
    public RewardModelVerifierRequest() => Type = "reward_model";

    public double? AcceptThreshold { get; set; }
}
