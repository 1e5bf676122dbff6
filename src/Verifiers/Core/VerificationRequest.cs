namespace Inference.Verifiers;

/// <summary>What verifiers know about the request the candidates answer.</summary>
/// <param name="Prompt">The prompt as sent to the model (rendered text or the user's last message).</param>
/// <param name="ReferenceAnswer">A known correct answer, for the answer checker; null when none was supplied.</param>
public sealed record VerificationRequest(string Prompt, string? ReferenceAnswer = null);
