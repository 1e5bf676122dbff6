using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>
/// A whole SSE response: its wire events as sent (blocks between blank lines, to check the format the OpenAI SDKs read),
/// each event's data as System.Net.ServerSentEvents parses it, and the comment lines (progress), which parsers skip.
/// </summary>
public sealed record Sse(IReadOnlyList<string> Events, IReadOnlyList<string> Data)
{
    public static async Task<(HttpResponseMessage Response, Sse Stream)> PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await http.PostAsync(path, content);
        return (response, Parse(await response.Content.ReadAsStringAsync()));
    }

    public static Sse Parse(string text)
    {
        Assert.EndsWith("\n\n", text);
        var data = SseParser.Create(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))).Enumerate().Select(e => e.Data).ToList();
        return new Sse(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries), data);
    }

    public IReadOnlyList<string> Comments => Events.Where(e => e.StartsWith(": ", StringComparison.Ordinal)).ToList();

    /// <summary>Every JSON chunk (all data events but the final [DONE]).</summary>
    public IReadOnlyList<JsonNode> Chunks => Data.Where(d => d != "[DONE]").Select(d => JsonNode.Parse(d)!).ToList();
}
