namespace Inference.Protocol;

/// <summary>{"type": "json_schema", "json_schema": {"name", "schema", "strict"}}: JSON valid under a schema.</summary>
public sealed class JsonSchemaResponseFormat : ResponseFormatRequest
{
    public JsonSchemaResponseFormat() => Type = "json_schema";

    public JsonSchemaSpec? JsonSchema { get; set; }
}
