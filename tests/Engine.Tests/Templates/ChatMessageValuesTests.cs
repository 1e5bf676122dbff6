using System.Text.Json;
using Inference.Engine.Packages;
using Inference.Engine.Templates;

namespace Inference.Engine.Tests.Templates;

/// <summary>The engine's messages with tool calls and tool results render as the jinja2 goldens of the same conversation
/// (tool definitions, an assistant's tool_calls with arguments as a mapping, a tool message with its call id).</summary>
public sealed class ChatMessageValuesTests
{
    public static TheoryData<string> ToolTemplates() => new() { "qwen2.5-instruct", "llama-3.1-instruct", "mistral-nemo-instruct-2407", "qwen3" };

    [Theory]
    [MemberData(nameof(ToolTemplates))]
    public void ToolCallsAndToolResultsRenderAsTheGoldens(string template)
    {
        var conversation = TemplateFixtures.Conversation("tool-calls");
        var messages = conversation.GetProperty("messages").EnumerateArray().Select(m => new ChatMessage(
            m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)
        {
            ToolCalls = m.TryGetProperty("tool_calls", out var calls)
                ? calls.EnumerateArray().Select(c => new ChatToolCall(c.GetProperty("id").GetString()!,
                    c.GetProperty("function").GetProperty("name").GetString()!, c.GetProperty("function").GetProperty("arguments").GetRawText())).ToList()
                : null,
            ToolCallId = m.TryGetProperty("tool_call_id", out var id) ? id.GetString() : null,
            Name = m.TryGetProperty("name", out var name) ? name.GetString() : null,
        }).ToList();
        foreach (var addGenerationPrompt in new[] { false, true })
        {
            var golden = TemplateFixtures.ReadJson($"goldens/{template}.json").GetProperty("cases").EnumerateArray()
                .Single(c => c.GetProperty("conversation").GetString() == "tool-calls" && c.GetProperty("add_generation_prompt").GetBoolean() == addGenerationPrompt
                             && !c.TryGetProperty("continue_final_message", out _));
            var context = TemplateFixtures.Context(TemplateFixtures.Spec(template), conversation, addGenerationPrompt) with
            {
                Messages = ChatMessageValues.From(messages),
            };
            var rendered = TemplateFixtures.Template(template).Render(context);
            Assert.Equal(golden.GetProperty("output").GetString(), rendered);
        }
    }
}
