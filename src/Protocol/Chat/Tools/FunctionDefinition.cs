using System.Text.Json;

namespace Inference.Protocol;

/// <summary>A function the model may call: its name, what it does, and its parameters as a JSON Schema.</summary>
public sealed class FunctionDefinition
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Parameters { get; set; }

    public bool? Strict { get; set; }
}
