namespace Inference.Engine.Decoding;

/// <summary>The model's export returns logits for the last position only, so it cannot score a prompt's tokens.</summary>
public sealed class PromptScoringNotSupportedException(int returnedPositions, int sequence)
    : NotSupportedException($"This model returns logits for {returnedPositions} of {sequence} positions, so prompt token log-probabilities (echo with logprobs) are not available for it.");
