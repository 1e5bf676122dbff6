namespace Inference.Server.Protocol;

public sealed record DetokenizeResponse(string Prompt);
