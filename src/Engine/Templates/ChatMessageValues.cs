using System.Text.Json;
using Inference.Engine.Packages;

namespace Inference.Engine.Templates;

/// <summary>
/// Messages as transformers' apply_chat_template passes them to a template: {"role", "content"}, plus "tool_calls"
/// ([{"id", "type": "function", "function": {"name", "arguments"}}], arguments as a mapping when they are a JSON object,
/// as Hugging Face templates expect) on assistant messages, and "tool_call_id" and "name" on tool messages.
/// </summary>
public static class ChatMessageValues
{
    public static TemplateValue[] From(IReadOnlyList<ChatMessage> messages) => messages.Select(From).ToArray();

    public static TemplateValue From(ChatMessage m)
    {
        var value = new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content };
        if (m.ToolCalls is { Count: > 0 } calls)
            value["tool_calls"] = calls.Select(c => new Dictionary<string, object?>
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new Dictionary<string, object?> { ["name"] = c.Name, ["arguments"] = Arguments(c.Arguments) },
            }).ToList();
        if (m.ToolCallId is not null) value["tool_call_id"] = m.ToolCallId;
        if (m.Name is not null) value["name"] = m.Name;
        return TemplateValueConverter.FromObject(value);
    }

    private static object? Arguments(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        return json;
    }
}
