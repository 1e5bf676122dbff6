using Inference.Protocol;

namespace Inference.Pipeline.Tools;

/// <summary>Parsed calls as OpenAI's tool_calls, each with a fresh id ("call_" and 24 letters and digits).</summary>
public static class ToolCallWire
{
    public static List<ToolCallDto>? ToWire(IReadOnlyList<ParsedToolCall> calls) => calls.Count == 0 ? null : calls.Select((c, i) => new ToolCallDto
    {
        Id = NewId(),
        Type = "function",
        Function = new FunctionCallDto { Name = c.Name, Arguments = c.Arguments },
    }).ToList();

    public static string NewId() => "call_" + Guid.NewGuid().ToString("N")[..24];
}
