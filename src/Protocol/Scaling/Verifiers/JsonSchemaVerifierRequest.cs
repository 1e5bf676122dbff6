using System.Text.Json;

namespace Inference.Protocol;

/// <summary>{"type": "json_schema", "schema": {...}}: the sample must be JSON valid under the schema (an object, a
/// boolean, or the schema's JSON text as a string).</summary>
public sealed class JsonSchemaVerifierRequest : VerifierRequest
{
    public JsonSchemaVerifierRequest() => Type = "json_schema";

    public JsonElement? Schema { get; set; }
}
