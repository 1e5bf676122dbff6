namespace Inference.Protocol;

/// <summary>The part of a message a chunk adds; the first chunk of a choice carries the role.</summary>
public sealed record ChatDelta(string? Role = null, string? Content = null)
{
    /// <summary>Tool call fragments (OpenAI's shape: index, then id/type/name once, then argument text).</summary>
    public IReadOnlyList<ToolCallDto>? ToolCalls { get; init; }
}
