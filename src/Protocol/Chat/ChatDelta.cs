namespace Inference.Protocol;

/// <summary>The part of a message a chunk adds; the first chunk of a choice carries the role.</summary>
public sealed record ChatDelta(string? Role = null, string? Content = null);
