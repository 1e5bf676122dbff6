using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>The assistant's message: its text (null when it only calls tools, as OpenAI writes it) and its tool calls.</summary>
public sealed record ChatResponseMessage(string Role, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Content)
{
    public IReadOnlyList<ToolCallDto>? ToolCalls { get; init; }
}
