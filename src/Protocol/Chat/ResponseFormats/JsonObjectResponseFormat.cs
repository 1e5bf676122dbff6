namespace Inference.Protocol;

/// <summary>{"type": "json_object"}: any JSON object.</summary>
public sealed class JsonObjectResponseFormat : ResponseFormatRequest
{
    public JsonObjectResponseFormat() => Type = "json_object";
}
