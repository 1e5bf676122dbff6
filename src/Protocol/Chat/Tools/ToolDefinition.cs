namespace Inference.Protocol;

/// <summary>One entry of "tools": {"type": "function", "function": {"name", "description", "parameters", "strict"}}.</summary>
public sealed class ToolDefinition
{
    public string Type { get; set; } = "function";

    public FunctionDefinition? Function { get; set; }
}
