using System.Text.Json;

namespace Inference.Protocol;

/// <summary>One message: role system | developer | user | assistant | tool; content a string or a list of text parts. An
/// assistant message may carry the tool calls it made; a tool message answers one of them by its id.</summary>
public sealed class ChatMessageDto
{
    public string? Role { get; set; }

    public JsonElement? Content { get; set; }

    public string? Name { get; set; }

    public List<ToolCallDto>? ToolCalls { get; set; }

    public string? ToolCallId { get; set; }
}
