using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>A whole SSE response split into its events: data payloads (JSON or [DONE]) and comment lines.</summary>
public sealed record Sse(IReadOnlyList<string> Events)
{
    public static async Task<(HttpResponseMessage Response, Sse Stream)> PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n\n", text);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        return (response, new Sse(events));
    }

    public IReadOnlyList<string> Data => Events.Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e["data: ".Length..]).ToList();

    public IReadOnlyList<string> Comments => Events.Where(e => e.StartsWith(": ", StringComparison.Ordinal)).ToList();

    /// <summary>Every JSON chunk (all data events but the final [DONE]).</summary>
    public IReadOnlyList<JsonNode> Chunks => Data.Where(d => d != "[DONE]").Select(d => JsonNode.Parse(d)!).ToList();
}
