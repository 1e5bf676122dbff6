using System.Text.Json;

namespace Inference.Pipeline.Tools;

/// <summary>A declared function: its name and its parameters' JSON Schema (null: any object).</summary>
public sealed record ToolFunction(string Name, JsonElement? Parameters);
