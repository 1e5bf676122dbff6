using System.ClientModel;
using System.Text.Json;
using Json.Schema;
using OpenAI;
using OpenAI.Chat;

namespace Inference.Server.Tests;

/// <summary>The structured-output tests' shared parts: the official SDK's chat client on a test server, and JSON Schema
/// validation by an independent implementation (JsonSchema.Net).</summary>
internal static class SchemaCheck
{
    public static ChatClient SdkClient(ServerFixture server) =>
        new(server.Model, new ApiKeyCredential("not-checked"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });

    /// <summary>Null when <paramref name="text"/> is a JSON document valid under <paramref name="schema"/>; else why not.</summary>
    public static string? Problem(string text, string schema)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSchema.FromText(schema).Evaluate(document.RootElement).IsValid ? null : $"invalid under the schema: {text}";
        }
        catch (JsonException e)
        {
            return $"not JSON ({e.Message}): {text}";
        }
    }
}
