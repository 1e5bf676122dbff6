namespace Inference.Protocol;

/// <summary>The json_schema member of a json_schema response format.</summary>
public sealed class JsonSchemaSpec
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public System.Text.Json.JsonElement? Schema { get; set; }

    public bool? Strict { get; set; }
}
