namespace Inference.Server.Protocol;

public sealed record ApplyTemplateResponse(string Prompt);
