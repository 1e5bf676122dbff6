namespace Inference.Protocol;

public sealed record ChatResponseMessage(string Role, string Content);
