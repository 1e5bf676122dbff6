using System.Text.Json.Nodes;

namespace Inference.LoadTest.Workload;

/// <summary>One kind of request in a mix: the JSON body posted to <see cref="Path"/>, and its share of the traffic.</summary>
public sealed record RequestTemplate(string Name, string Path, JsonObject Body, double Weight)
{
    public bool Stream => Body["stream"] is JsonValue v && v.TryGetValue<bool>(out var s) && s;

    /// <summary>The body to send: streamed requests ask for usage so output tokens can be counted.</summary>
    public string RenderBody(string? model)
    {
        var body = (JsonObject)Body.DeepClone();
        if (model is not null && !body.ContainsKey("model")) body["model"] = model;
        if (Stream && !body.ContainsKey("stream_options")) body["stream_options"] = new JsonObject { ["include_usage"] = true };
        return body.ToJsonString();
    }
}
