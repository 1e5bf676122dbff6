using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>Raw HTTP helpers: post JSON text, read the status and the JSON body.</summary>
public static class Api
{
    public sealed record Reply(HttpStatusCode Status, JsonNode? Json, string Text, HttpResponseMessage Response)
    {
        public string? ErrorType => Json?["error"]?["type"]?.GetValue<string>();
        public string? ErrorParam => Json?["error"]?["param"]?.GetValue<string>();
        public string? ErrorCode => Json?["error"]?["code"]?.GetValue<string>();
        public string? ErrorMessage => Json?["error"]?["message"]?.GetValue<string>();
    }

    public static async Task<Reply> PostAsync(this HttpClient http, string path, string json, string contentType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await http.PostAsync(path, content);
        return await ReadAsync(response);
    }

    public static async Task<Reply> GetJsonAsync(this HttpClient http, string path) => await ReadAsync(await http.GetAsync(path));

    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return new Reply(response.StatusCode, json, text, response);
    }

    /// <summary>A chat request body for the test model with the given extra JSON members.</summary>
    public static string Chat(string extra = "", string content = "2+3=") =>
        $$"""{"model":"{{TestModels.Id}}","messages":[{"role":"user","content":"{{content}}"}],"max_tokens":4{{(extra.Length > 0 ? "," + extra : "")}}}""";

    public static string Completion(string extra = "", string prompt = "2+3=") =>
        $$"""{"model":"{{TestModels.Id}}","prompt":"{{prompt}}","max_tokens":4{{(extra.Length > 0 ? "," + extra : "")}}}""";

    /// <summary>The id of a single-character token, asked of the server so tests do not depend on the vocabulary.</summary>
    public static async Task<int> TokenIdAsync(this HttpClient http, string text)
    {
        var reply = await http.PostAsync("tokenize", $$"""{"prompt":{{JsonValue.Create(text).ToJsonString()}},"add_special_tokens":false}""");
        var tokens = reply.Json!["tokens"]!.AsArray();
        Assert.Single(tokens);
        return tokens[0]!.GetValue<int>();
    }
}
