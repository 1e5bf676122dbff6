using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inference.Server.Tests;

/// <summary>
/// A real external verifier service (Kestrel on 127.0.0.1, an ephemeral port, POST /verify) whose behaviour a test
/// switches while the inference server uses it: healthy (accepts a response holding a digit), hang (never answers:
/// only the client giving up or the service stopping ends the call), throw (HTTP 500), garbage (200 with a body that
/// is not JSON) or flap (every other call 500, the others healthy). It counts calls, calls in flight and open
/// connections, so a test can see that abandoned calls do not pile up.
/// </summary>
public sealed class ChaosVerifierService : IAsyncDisposable
{
    public enum Behaviour
    {
        Healthy,
        Hang,
        Throw,
        Garbage,
        Flap,
    }

    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private int calls;
    private int inFlight;
    private int openConnections;
    private int flap;

    private ChaosVerifierService(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    public volatile Behaviour Mode = Behaviour.Healthy;

    public int Calls => Volatile.Read(ref calls);

    public int InFlight => Volatile.Read(ref inFlight);

    public int OpenConnections => Volatile.Read(ref openConnections);

    public static async Task<ChaosVerifierService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ChaosVerifierService? service = null;
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
        {
            Interlocked.Increment(ref service!.openConnections);
            try
            {
                await next(connection);
            }
            finally
            {
                Interlocked.Decrement(ref service.openConnections);
            }
        })));
        var app = builder.Build();
        service = new ChaosVerifierService(app);
        app.MapPost("/verify", service.VerifyAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.Endpoint = new Uri(new Uri(address), "/verify");
        return service;
    }

    private async Task VerifyAsync(HttpContext context)
    {
        Interlocked.Increment(ref calls);
        Interlocked.Increment(ref inFlight);
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var mode = Mode;
            if (mode == Behaviour.Flap) mode = Interlocked.Increment(ref flap) % 2 == 0 ? Behaviour.Throw : Behaviour.Healthy;
            switch (mode)
            {
                case Behaviour.Hang:
                    using (var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token))
                        await Task.Delay(Timeout.InfiniteTimeSpan, ended.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    return;
                case Behaviour.Throw:
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("{\"error\":\"boom\"}");
                    return;
                case Behaviour.Garbage:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("<html>this is not json");
                    return;
                default:
                    var digit = body.Contains("\"response\":\"", StringComparison.Ordinal) && body[(body.IndexOf("\"response\":\"", StringComparison.Ordinal) + 12)..].Any(char.IsAsciiDigit);
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(digit ? """{"score":0.9,"accept":true,"reason":"holds a number"}""" : """{"score":0.1,"accept":false,"reason":"no number"}""");
                    return;
            }
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
