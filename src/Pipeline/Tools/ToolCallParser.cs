using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inference.Pipeline.Tools;

/// <summary>
/// The tool calls in a sample. A constrained sample (tool_choice required or named) is one document {"name",
/// "arguments"}. Otherwise the calls are found in the formats the model families' chat templates teach: Hermes/Qwen
/// <c>&lt;tool_call&gt;{"name", "arguments"}&lt;/tool_call&gt;</c> blocks, Mistral's <c>[TOOL_CALLS]</c> followed by a JSON list,
/// and Llama 3's whole-message JSON {"name", "parameters"}. Only calls of declared functions with object arguments count;
/// anything else stays text.
/// </summary>
public static partial class ToolCallParser
{
    public static ParsedMessage Parse(string text, ChatTools? tools)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (tools is null || tools.Mode == ToolChoiceMode.None) return new ParsedMessage(text, []);
        if (tools.Constraint is not null)
            return Call(text, tools) is { } forced ? new ParsedMessage(null, [forced]) : new ParsedMessage(text, []);

        var calls = new List<ParsedToolCall>();
        var rest = HermesBlock().Replace(text, m =>
        {
            if (Call(m.Groups["json"].Value, tools) is not { } call) return m.Value;
            calls.Add(call);
            return "";
        });
        if (calls.Count == 0)
        {
            var trimmed = text.Trim();
            var list = trimmed.StartsWith("[TOOL_CALLS]", StringComparison.Ordinal) ? trimmed["[TOOL_CALLS]".Length..].Trim() : trimmed;
            if (list.StartsWith('[') && CallList(list, tools) is { Count: > 0 } mistral) return new ParsedMessage(null, mistral);
            if (trimmed.StartsWith('{') && Call(trimmed, tools) is { } llama) return new ParsedMessage(null, [llama]);
            return new ParsedMessage(text, []);
        }
        rest = rest.Trim();
        return new ParsedMessage(rest.Length == 0 ? null : rest, calls);
    }

    private static ParsedToolCall? Call(string json, ChatTools tools)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Call(document.RootElement, tools);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ParsedToolCall? Call(JsonElement call, ChatTools tools)
    {
        if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || !tools.IsDeclared(name.GetString()!))
            return null;
        if (!call.TryGetProperty("arguments", out var arguments) && !call.TryGetProperty("parameters", out arguments))
            return null;
        // Some templates teach arguments as a JSON string; OpenAI's wire form is the JSON text either way.
        if (arguments.ValueKind == JsonValueKind.String)
        {
            var inner = arguments.GetString()!;
            return Call($$"""{"name":{{name.GetRawText()}},"arguments":{{inner}}}""", tools) is { } unwrapped ? unwrapped : null;
        }
        return arguments.ValueKind == JsonValueKind.Object ? new ParsedToolCall(name.GetString()!, arguments.GetRawText()) : null;
    }

    private static List<ParsedToolCall>? CallList(string json, ChatTools tools)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var calls = document.RootElement.EnumerateArray().Select(c => Call(c, tools)).ToList();
            return calls.All(c => c is not null) ? calls.Select(c => c!).ToList() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<tool_call>\s*(?<json>\{.*?\})\s*</tool_call>", RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HermesBlock();
}
