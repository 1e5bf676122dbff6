using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inference.Verifiers.Tests;

/// <summary>
/// A real verifier service on Kestrel, 127.0.0.1, ephemeral port. It accepts a response containing "42". Routes:
/// /judge (healthy), /score-only, /flaky (per response: 503, then 429, then healthy), /slow (answers after 30 s unless
/// the client gives up), /breaker (500 until <see cref="Healthy"/>), /garbage (200 with a non-JSON body),
/// /bad-request (400). Every request is counted per route before it is answered.
/// </summary>
internal sealed class VerifierServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, int> _flakyAttempts = new();

    private VerifierServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    public volatile bool Healthy;

    public static async Task<VerifierServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        VerifierServer? server = null;
        app.Use(async (context, next) =>
        {
            server!._counts.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            await next(context);
        });
        app.MapPost("/judge", context => server!.JudgeAsync(context));
        app.MapPost("/score-only", context => Write(context, 200, """{"score":0.7}"""));
        app.MapPost("/flaky", async context =>
        {
            var body = await server!.ReadAsync(context);
            var attempt = server._flakyAttempts.AddOrUpdate(body.GetProperty("response").GetString()!, 1, (_, n) => n + 1);
            if (attempt == 1)
            {
                await Write(context, 503, "{}");
            }
            else if (attempt == 2)
            {
                await Write(context, 429, "{}");
            }
            else
            {
                await Judge(context, body);
            }
        });
        app.MapPost("/slow", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            await server!.JudgeAsync(context);
        });
        app.MapPost("/breaker", context => server!.Healthy ? server.JudgeAsync(context) : Write(context, 500, "{}"));
        app.MapPost("/garbage", context => Write(context, 200, "this is not json"));
        app.MapPost("/bad-request", context => Write(context, 400, "{}"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new VerifierServer(app, new Uri(address));

        // Warm the server (and the client's HTTP stack) so a cold start is not mistaken for a slow service by the
        // short timeouts the tests use; the warm-up request is not counted.
        using (var http = new HttpClient())
        {
            using var warmUp = await http.PostAsync(server.Url("/judge"), new StringContent("""{"prompt":"","response":""}"""));
        }

        server._counts.Clear();
        server.Bodies.Clear();
        return server;
    }

    /// <summary>A loopback URL where nothing listens: connections are refused.</summary>
    public static Uri DownAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/judge");
    }

    public Uri Url(string route) => new(BaseAddress, route);

    public int Count(string route) => _counts.GetValueOrDefault(route);

    /// <summary>
    /// Waits (up to 5 s) until the server has seen <paramref name="expected"/> requests on the route, then checks it saw
    /// no more: a client that gave up on an attempt may still have its request in flight on a loaded machine.
    /// </summary>
    public async Task WaitForCountAsync(string route, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Count(route) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(expected, Count(route));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<JsonElement> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        Bodies.Enqueue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task JudgeAsync(HttpContext context) => await Judge(context, await ReadAsync(context));

    private static Task Judge(HttpContext context, JsonElement body)
    {
        var accept = body.GetProperty("response").GetString()!.Contains("42", StringComparison.Ordinal);
        return Write(context, 200, accept
            ? """{"score":0.9,"accept":true,"reason":"contains 42"}"""
            : """{"score":0.1,"accept":false,"reason":"no 42"}""");
    }

    private static Task Write(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }
}
