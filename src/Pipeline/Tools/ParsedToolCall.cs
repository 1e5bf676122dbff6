namespace Inference.Pipeline.Tools;

/// <summary>A call found in a sample: the function's name and its arguments as the JSON text the model wrote.</summary>
public sealed record ParsedToolCall(string Name, string Arguments);
