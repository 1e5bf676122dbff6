using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inference.Server.Tests;

/// <summary>
/// An OpenAI-compatible backend on Kestrel (127.0.0.1, a free port) whose chat completions the test writes, for
/// answers the bundled model cannot give on cue (a vLLM's tool_calls, a 400 with an OpenAI error body). It serves
/// /v1/models with the one model and records each chat request's body.
/// </summary>
public sealed class FakeOpenAiBackend : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<JsonObject> requests = [];

    private FakeOpenAiBackend(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The status and JSON body answering a chat request's body.</summary>
    public Func<JsonObject, (int Status, JsonNode Body)> Answer { get; set; } = _ => (500, new JsonObject { ["error"] = new JsonObject { ["message"] = "no answer set" } });

    /// <summary>Awaited before a chat request is answered (null: answer at once), to answer late on cue.</summary>
    public Func<Task>? Hold { get; set; }

    public IReadOnlyList<JsonObject> Requests
    {
        get { lock (requests) return requests.ToList(); }
    }

    public void Clear()
    {
        lock (requests) requests.Clear();
    }

    public static async Task<FakeOpenAiBackend> StartAsync(string model)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new FakeOpenAiBackend(app);
        app.MapGet("/v1/models", () => Results.Text(new JsonObject
        {
            ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["id"] = model, ["object"] = "model" }),
        }.ToJsonString(), "application/json"));
        app.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            lock (backend.requests) backend.requests.Add(body);
            if (backend.Hold is { } hold) await hold();
            var (status, answer) = backend.Answer(body);
            return Results.Text(answer.ToJsonString(), "application/json", statusCode: status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return backend;
    }

    /// <summary>A chat.completion of these choices, with usage.</summary>
    public static JsonObject Completion(string model, IEnumerable<JsonObject> choices)
    {
        var list = choices.ToList();
        return new JsonObject
        {
            ["id"] = "chatcmpl-fake", ["object"] = "chat.completion", ["created"] = 0, ["model"] = model,
            ["choices"] = new JsonArray(list.Select(c => (JsonNode)c).ToArray()),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 5, ["completion_tokens"] = 10 * list.Count, ["total_tokens"] = 5 + 10 * list.Count },
        };
    }

    /// <summary>A choice as vLLM answers a tool call: content (often null), tool_calls with arguments as a JSON string.</summary>
    public static JsonObject ToolCallChoice(int index, string? content, params (string Name, string Arguments)[] calls) => new()
    {
        ["index"] = index,
        ["message"] = new JsonObject
        {
            ["role"] = "assistant", ["content"] = content,
            ["tool_calls"] = new JsonArray(calls.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"chatcmpl-tool-{index}-{i}", ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
            }).ToArray()),
        },
        ["logprobs"] = null,
        ["finish_reason"] = "tool_calls",
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
