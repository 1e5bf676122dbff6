namespace Inference.Protocol;

public sealed record ApplyTemplateResponse(string Prompt);
