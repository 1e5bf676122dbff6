namespace Inference.Pipeline.Tools;

/// <summary>A sample as an assistant message: its text outside any calls (null when there is none) and its calls.</summary>
public sealed record ParsedMessage(string? Content, IReadOnlyList<ParsedToolCall> Calls);
