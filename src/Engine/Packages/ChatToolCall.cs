namespace Inference.Engine.Packages;

/// <summary>A function call an assistant message made: its id, the function's name and its arguments as JSON text.</summary>
public sealed record ChatToolCall(string Id, string Name, string Arguments);
