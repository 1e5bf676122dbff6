namespace Inference.Engine.Packages;

/// <summary>One message of a conversation given to a chat template. An assistant message may carry the tool calls it
/// made; a "tool" message carries a call's result and the id of the call it answers.</summary>
public sealed record ChatMessage(string Role, string Content)
{
    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }

    /// <summary>For a "tool" message: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>For a "tool" message: the function's name.</summary>
    public string? Name { get; init; }
}
