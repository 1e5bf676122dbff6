using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Inference.Client;

/// <summary>Source-generated metadata for the JSON nodes the client builds (trimming- and AOT-safe).</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class WireJsonContext : JsonSerializerContext;

internal static class WireJson
{
    public static JsonTypeInfo<JsonNode> Node => WireJsonContext.Default.JsonNode;
}
