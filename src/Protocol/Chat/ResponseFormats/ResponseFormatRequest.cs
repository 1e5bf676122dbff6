using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>
/// OpenAI's response_format, by "type": text, json_object or json_schema (with "json_schema": {name, schema,
/// strict}). This server decodes text only and refuses the JSON modes by name; the types are here so that a server
/// that constrains decoding reads them as typed values. Unknown fields are ignored, as OpenAI does.
/// </summary>
[JsonConverter(typeof(ResponseFormatConverter))]
public abstract class ResponseFormatRequest
{
    /// <summary>text | json_object | json_schema.</summary>
    public string? Type { get; set; }
}
