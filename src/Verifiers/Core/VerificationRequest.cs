namespace Inference.Verifiers;

/// <summary>What verifiers know about the request the candidates answer.</summary>
/// <param name="Prompt">The prompt as the user wrote it (the last user message, or the completion prompt).</param>
/// <param name="ReferenceAnswer">A known correct answer, for the answer checker; null when none was supplied.</param>
/// <param name="RenderedPrompt">The prompt exactly as the model saw it (chat template applied, generation prompt
/// included); models that score prompt + response, such as a reward model, read this when present.</param>
public sealed record VerificationRequest(string Prompt, string? ReferenceAnswer = null, string? RenderedPrompt = null);
