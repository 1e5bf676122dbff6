using System.Text.Json;
using Inference.Pipeline.Tools;
using Inference.Protocol;

namespace Inference.Pipeline.Tests;

/// <summary>The tools of the tool-call tests: add(a, b) with a schema, weather() without, and a tool_choice.</summary>
internal static class TestTools
{
    public static ChatTools With(string choice = "\"auto\"") => ChatTools.Resolve(new ChatCompletionRequest
    {
        Tools = JsonDocument.Parse("""
            [{"type":"function","function":{"name":"add","parameters":{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}}},
             {"type":"function","function":{"name":"weather"}}]
            """).RootElement,
        ToolChoice = JsonDocument.Parse(choice).RootElement,
    })!;
}
