using System.Text.Json;
using Inference.Protocol;
using Microsoft.Extensions.AI;

namespace Inference.Client;

/// <summary>
/// M.E.AI messages and tool calls to and from wire messages, for both clients: text contents joined; an assistant's
/// <see cref="FunctionCallContent"/>s become its tool_calls; each <see cref="FunctionResultContent"/> becomes a "tool"
/// message answering its call id; calls in a response become <see cref="FunctionCallContent"/>s with their arguments.
/// </summary>
public static class ChatMessageWire
{
    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>The conversation as wire messages.</summary>
    public static List<ChatMessageDto> ToWire(IEnumerable<ChatMessage> messages)
    {
        var result = new List<ChatMessageDto>();
        foreach (var m in messages)
        {
            foreach (var r in m.Contents.OfType<FunctionResultContent>())
                result.Add(new ChatMessageDto { Role = "tool", ToolCallId = r.CallId, Content = Text(ResultText(r.Result)) });
            var calls = m.Contents.OfType<FunctionCallContent>().Select(c => new ToolCallDto
            {
                Id = c.CallId,
                Type = "function",
                Function = new FunctionCallDto { Name = c.Name, Arguments = JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>(), Compact) },
            }).ToList();
            var text = m.Text;
            if (calls.Count == 0 && m.Contents.Count > 0 && m.Contents.All(c => c is FunctionResultContent)) continue;
            result.Add(new ChatMessageDto
            {
                Role = m.Role.Value,
                Content = calls.Count > 0 && text.Length == 0 ? null : Text(text),
                ToolCalls = calls.Count > 0 ? calls : null,
            });
        }
        return result;
    }

    /// <summary>A response's tool calls as M.E.AI contents (arguments parsed from their JSON text).</summary>
    public static IEnumerable<AIContent> ToContents(IReadOnlyList<ToolCallDto>? calls) => (calls ?? []).Select(c => (AIContent)new FunctionCallContent(
        c.Id ?? "", c.Function?.Name ?? "",
        JsonSerializer.Deserialize<Dictionary<string, object?>>(c.Function?.Arguments ?? "{}", AIJsonUtilities.DefaultOptions)));

    /// <summary>An assistant message of text and tool calls.</summary>
    public static ChatMessage ToMessage(string? content, IReadOnlyList<ToolCallDto>? calls)
    {
        var contents = new List<AIContent>();
        if (!string.IsNullOrEmpty(content) || calls is not { Count: > 0 }) contents.Add(new TextContent(content ?? ""));
        contents.AddRange(ToContents(calls));
        return new ChatMessage(ChatRole.Assistant, contents);
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText(),
        _ => JsonSerializer.Serialize(result, Compact),
    };

    private static JsonElement Text(string text) => JsonSerializer.SerializeToElement(text, ProtocolJsonContext.Default.String);
}
