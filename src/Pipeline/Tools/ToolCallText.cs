using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Protocol;

namespace Inference.Pipeline.Tools;

/// <summary>
/// An assistant message that came back over OpenAI's wire (content and tool_calls, from a backend) as the sample text
/// this server's own samples are, so that <see cref="ToolCallParser"/> reads the same calls back and the votes see
/// the same document: one call without content is the bare JSON object {"name", "arguments"} a constrained sample is
/// (required or named tool_choice; its canonical JSON is the vote's key); otherwise the content, if any, followed by
/// one Hermes <c>&lt;tool_call&gt;</c> block per call, which the auto mode parses.
/// </summary>
public static class ToolCallText
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(string? content, IReadOnlyList<ToolCallDto>? calls)
    {
        if (calls is not { Count: > 0 }) return content ?? "";
        if (calls.Count == 1 && string.IsNullOrWhiteSpace(content)) return Call(calls[0]);
        var text = new StringBuilder(content);
        foreach (var call in calls)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append("<tool_call>\n").Append(Call(call)).Append("\n</tool_call>");
        }
        return text.ToString();
    }

    private static string Call(ToolCallDto call) => new JsonObject
    {
        ["name"] = call.Function?.Name ?? "",
        ["arguments"] = Arguments(call.Function?.Arguments),
    }.ToJsonString(Readable);

    /// <summary>The arguments as a JSON object when they are one; anything else (not JSON, an array, a number) stays the
    /// string the backend sent, which the parser leaves as text: no call is made of arguments that are not an object.</summary>
    private static JsonNode? Arguments(string? arguments)
    {
        if (arguments is null) return null;
        try
        {
            if (JsonNode.Parse(arguments) is JsonObject parsed) return parsed;
        }
        catch (JsonException)
        {
        }
        return JsonValue.Create(arguments);
    }
}
