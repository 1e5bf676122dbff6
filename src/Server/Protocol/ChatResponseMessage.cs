namespace Inference.Server.Protocol;

public sealed record ChatResponseMessage(string Role, string Content);
