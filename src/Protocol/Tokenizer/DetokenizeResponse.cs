namespace Inference.Protocol;

public sealed record DetokenizeResponse(string Prompt);
