namespace Inference.Engine.Packages;

/// <summary>One message of a conversation given to a chat template.</summary>
public sealed record ChatMessage(string Role, string Content);
