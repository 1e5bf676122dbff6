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
/// /judge (healthy), /score-only, /flaky (per response: 503, then 429, then healthy), /slow (never answers; the client
/// has to give up), /breaker (500 until <see cref="Healthy"/>), /garbage (200 with a non-JSON body),
/// /bad-request (400). Every request is counted per route before it is answered.
/// </summary>
internal sealed class VerifierServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, int> _flakyAttempts = new();
    private readonly CancellationTokenSource _stopping = new();

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
            // Never answers: only the client giving up (or the server stopping) ends it, so a verdict that comes
            // back at all proves the client's timeout cut the attempt, on any machine.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server!._stopping.Token);
            await Task.Delay(Timeout.InfiniteTimeSpan, ended.Token);
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

    /// <summary>
    /// A loopback port where nothing listens, so connections are refused. The socket stays bound (without listening)
    /// until disposed, so no other process can take the port in the meantime, as it could after a bind-and-release.
    /// </summary>
    public sealed class DownService : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public DownService()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}/judge");
        }

        public Uri Url { get; }

        public void Dispose() => _socket.Dispose();
    }

    public Uri Url(string route) => new(BaseAddress, route);

    public int Count(string route) => _counts.GetValueOrDefault(route);

    /// <summary>
    /// Waits until the server has seen <paramref name="expected"/> requests on the route, then checks it saw no more:
    /// a client that gave up on an attempt may still have its request in flight on a loaded machine. The 60 s bound
    /// only turns a missing request into a failure instead of a hang.
    /// </summary>
    public async Task WaitForCountAsync(string route, int expected)
    {
        await ArrivedAsync(route, expected);
        Assert.Equal(expected, Count(route));
    }

    /// <summary>Completes once the route has seen at least <paramref name="count"/> requests (counted on arrival).</summary>
    public async Task ArrivedAsync(string route, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Count(route) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{route} saw {Count(route)} requests, not {count}, within 60 s");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
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
