using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Constraints;
using Inference.Pipeline.Requests;
using Inference.Protocol;
using static Inference.Pipeline.Requests.RequestValidation;

namespace Inference.Pipeline.Tools;

/// <summary>
/// A chat request's tools and tool_choice, read and checked field by field (400s name "tools[1].function.name",
/// "tool_choice", ...). The definitions go to the chat template as <c>tools</c>. When a call is required (tool_choice
/// "required" or a named function) decoding is constrained to one JSON document {"name": ..., "arguments": ...} whose
/// name is a declared function (or the named one) and whose arguments are valid under that function's parameters, the
/// way vLLM constrains forced calls; with "auto" the model writes freely and calls are parsed from its text
/// (<see cref="ToolCallParser"/>).
/// </summary>
public sealed class ChatTools
{
    private ChatTools(IReadOnlyList<JsonElement> definitions, IReadOnlyList<ToolFunction> functions, ToolChoiceMode mode, string? named,
        TokenConstraint? constraint)
    {
        Definitions = definitions;
        Functions = functions;
        Mode = mode;
        Named = named;
        Constraint = constraint;
    }

    /// <summary>The tool definitions as sent, for the chat template.</summary>
    public IReadOnlyList<JsonElement> Definitions { get; }

    public IReadOnlyList<ToolFunction> Functions { get; }

    public ToolChoiceMode Mode { get; }

    /// <summary>The function tool_choice names, when <see cref="Mode"/> is <see cref="ToolChoiceMode.Named"/>.</summary>
    public string? Named { get; }

    /// <summary>The constraint of a required call; null when the model may answer in text.</summary>
    public TokenConstraint? Constraint { get; }

    public bool IsDeclared(string name) => Functions.Any(f => f.Name == name);

    /// <summary>The request's tools, or null when it declares none and tool_choice is absent, "none" or "auto".</summary>
    public static ChatTools? Resolve(ChatCompletionRequest request)
    {
        var (definitions, functions) = ReadDefinitions(request.Tools);
        var (mode, named) = Choice(request.ToolChoice, functions);
        if (functions.Count == 0) return null;
        TokenConstraint? constraint = null;
        if (mode is ToolChoiceMode.Required or ToolChoiceMode.Named)
        {
            if (request.ResponseFormat is not (null or TextResponseFormat))
                throw Bad("response_format", "response_format cannot be combined with a required tool call: the call's arguments are the structured output.");
            var called = mode == ToolChoiceMode.Named ? functions.Where(f => f.Name == named).ToList() : functions;
            foreach (var f in called)
                if (f.Parameters is { } p) ResponseFormatResolution.Compile(p, $"tools[{functions.IndexOf(f)}].function.parameters");
            constraint = ResponseFormatResolution.Compile(CallSchema(called), "tools");
        }
        return new ChatTools(definitions, functions, mode, named, constraint);
    }

    private static (List<JsonElement>, List<ToolFunction>) ReadDefinitions(JsonElement? tools)
    {
        var definitions = new List<JsonElement>();
        var functions = new List<ToolFunction>();
        if (tools is not { ValueKind: not JsonValueKind.Null } list) return (definitions, functions);
        if (list.ValueKind != JsonValueKind.Array) throw Bad("tools", "tools must be a list of {\"type\": \"function\", \"function\": {...}} objects.");
        var i = 0;
        foreach (var tool in list.EnumerateArray())
        {
            var param = $"tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object) throw Bad(param, "A tool must be an object {\"type\": \"function\", \"function\": {...}}.");
            if (!tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "function")
                throw Bad($"{param}.type", "Only tools of type \"function\" are supported.");
            if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
                throw Bad($"{param}.function", "A function tool needs a \"function\" object with a \"name\".");
            if (!function.TryGetProperty("name", out var nameValue) || nameValue.ValueKind != JsonValueKind.String || !ValidName(nameValue.GetString()!))
                throw Bad($"{param}.function.name", "A function needs a \"name\" of letters, digits, '_' and '-', at most 64 of them.");
            var name = nameValue.GetString()!;
            if (functions.Any(f => f.Name == name)) throw Bad($"{param}.function.name", $"The function '{name}' is declared twice.");
            JsonElement? parameters = null;
            if (function.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Null)
            {
                if (p.ValueKind != JsonValueKind.Object) throw Bad($"{param}.function.parameters", "parameters must be a JSON Schema object.");
                parameters = p.Clone();
            }
            functions.Add(new ToolFunction(name, parameters));
            definitions.Add(tool.Clone());
        }
        return (definitions, functions);
    }

    private static (ToolChoiceMode, string?) Choice(JsonElement? choice, List<ToolFunction> functions)
    {
        const string param = "tool_choice";
        if (choice is not { ValueKind: not JsonValueKind.Null } c) return (functions.Count == 0 ? ToolChoiceMode.None : ToolChoiceMode.Auto, null);
        if (c.ValueKind == JsonValueKind.String)
        {
            var mode = c.GetString() switch
            {
                "none" => ToolChoiceMode.None,
                "auto" => ToolChoiceMode.Auto,
                "required" => ToolChoiceMode.Required,
                var other => throw Bad(param, $"Unknown tool_choice '{other}'. Known: none, auto, required, or {{\"type\": \"function\", \"function\": {{\"name\": ...}}}}."),
            };
            if (mode == ToolChoiceMode.Required && functions.Count == 0) throw Bad(param, "tool_choice \"required\" needs tools.");
            return (mode, null);
        }
        if (c.ValueKind != JsonValueKind.Object
            || !c.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            throw Bad(param, "tool_choice must be \"none\", \"auto\", \"required\" or {\"type\": \"function\", \"function\": {\"name\": ...}}.");
        if (!functions.Any(f => f.Name == name.GetString()))
            throw Bad($"{param}.function.name", $"tool_choice names '{name.GetString()}', which is not among the tools ({(functions.Count == 0 ? "none given" : string.Join(", ", functions.Select(f => f.Name)))}).");
        return (ToolChoiceMode.Named, name.GetString());
    }

    private static bool ValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-');

    /// <summary>{"name": const, "arguments": parameters} for each function, as anyOf when there are several.</summary>
    private static JsonElement CallSchema(IReadOnlyList<ToolFunction> functions)
    {
        var calls = functions.Select(f => (JsonNode)new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["const"] = f.Name },
                ["arguments"] = f.Parameters is { } p ? JsonNode.Parse(p.GetRawText()) : new JsonObject { ["type"] = "object" },
            },
            ["required"] = new JsonArray("name", "arguments"),
            ["additionalProperties"] = false,
        }).ToArray();
        var schema = calls.Length == 1 ? calls[0] : new JsonObject { ["anyOf"] = new JsonArray(calls) };
        return JsonSerializer.SerializeToElement(schema);
    }
}
