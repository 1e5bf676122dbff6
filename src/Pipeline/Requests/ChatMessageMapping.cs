using System.Text;
using System.Text.Json;
using Inference.Engine.Packages;
using Inference.Protocol;

namespace Inference.Pipeline.Requests;

/// <summary>Wire messages -> template messages. Roles system, developer (rendered as system), user, assistant (with the
/// tool calls it made) and tool (a call's result, with the call's id); content as a string or text parts. Legacy
/// function messages and non-text parts are refused by name.</summary>
public static class ChatMessageMapping
{
    public static List<ChatMessage> ToChatMessages(List<ChatMessageDto>? messages, int maxMessages)
    {
        if (messages is null || messages.Count == 0) throw RequestValidation.Bad("messages", "messages must be a non-empty list.");
        if (messages.Count > maxMessages) throw RequestValidation.Bad("messages", $"At most {maxMessages} messages are allowed; got {messages.Count}.");
        var result = new List<ChatMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i] ?? throw RequestValidation.Bad($"messages[{i}]", "A message must be an object.");
            var role = m.Role switch
            {
                "system" or "user" or "assistant" or "tool" => m.Role,
                "developer" => "system",
                "function" => throw RequestValidation.Bad($"messages[{i}].role", "Legacy 'function' messages are not supported; use 'tool' messages."),
                null => throw RequestValidation.Bad($"messages[{i}].role", "Each message needs a role."),
                _ => throw RequestValidation.Bad($"messages[{i}].role", $"Unknown role '{m.Role}'. Known: system, developer, user, assistant, tool."),
            };
            if (role == "tool" && string.IsNullOrEmpty(m.ToolCallId))
                throw RequestValidation.Bad($"messages[{i}].tool_call_id", "A tool message needs the tool_call_id of the call it answers.");
            if (m.ToolCalls is { Count: > 0 } && role != "assistant")
                throw RequestValidation.Bad($"messages[{i}].tool_calls", "Only assistant messages carry tool_calls.");
            var calls = m.ToolCalls is { Count: > 0 } ? ToolCalls(m.ToolCalls, i) : null;
            result.Add(new ChatMessage(role, Content(m.Content, calls is null ? role : "assistant", i))
            {
                ToolCalls = calls, ToolCallId = role == "tool" ? m.ToolCallId : null, Name = role == "tool" ? m.Name : null,
            });
        }
        return result;
    }

    private static List<ChatToolCall> ToolCalls(List<ToolCallDto> calls, int i)
    {
        var result = new List<ChatToolCall>(calls.Count);
        for (var j = 0; j < calls.Count; j++)
        {
            var param = $"messages[{i}].tool_calls[{j}]";
            var call = calls[j] ?? throw RequestValidation.Bad(param, "A tool call must be an object.");
            if (call.Function?.Name is not { Length: > 0 } name) throw RequestValidation.Bad($"{param}.function.name", "A tool call needs its function's name.");
            result.Add(new ChatToolCall(call.Id ?? "", name, call.Function.Arguments ?? "{}"));
        }
        return result;
    }

    /// <summary>A conversation rendered with the model's chat template (given the tool definitions as <c>tools</c>) and
    /// tokenized, checked as the API checks it.</summary>
    public static RequestPrompt Render(ModelPackage package, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt,
        IReadOnlyList<JsonElement>? tools = null)
    {
        if (!package.Descriptor.HasChatTemplate)
            throw RequestValidation.Bad("messages", $"The model '{package.Descriptor.Id}' has no chat template; use /v1/completions with a prompt.");
        var rendered = package.ApplyChatTemplate(messages, addGenerationPrompt, tools);
        var tokens = package.Tokenizer.Encode(rendered, addSpecialTokens: false);
        if (tokens.Length == 0)
            throw RequestValidation.Bad("messages", "The messages have no tokens once the chat template is applied: the model's tokenizer keeps none of their characters.");
        return new RequestPrompt(tokens, LastUserText(messages), rendered);
    }

    /// <summary>The text verifiers see as "the prompt": the last user message.</summary>
    public static string LastUserText(IReadOnlyList<ChatMessage> messages) =>
        messages.LastOrDefault(m => m.Role == "user")?.Content ?? messages[^1].Content;

    private static string Content(JsonElement? content, string role, int i)
    {
        var param = $"messages[{i}].content";
        if (content is not { } c || c.ValueKind == JsonValueKind.Null)
            return role == "assistant" ? "" : throw RequestValidation.Bad(param, "content is required.");
        if (c.ValueKind == JsonValueKind.String) return c.GetString()!;
        if (c.ValueKind != JsonValueKind.Array) throw RequestValidation.Bad(param, "content must be a string or a list of content parts.");
        var text = new StringBuilder();
        var j = 0;
        foreach (var part in c.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                throw RequestValidation.Bad($"{param}[{j}]", "A content part must be an object with a \"type\".");
            if (type.GetString() != "text")
                throw RequestValidation.Bad($"{param}[{j}].type", $"Content parts of type '{type.GetString()}' are not supported; only text.");
            if (!part.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                throw RequestValidation.Bad($"{param}[{j}].text", "A text part needs a string \"text\".");
            text.Append(t.GetString());
            j++;
        }
        return text.ToString();
    }
}
