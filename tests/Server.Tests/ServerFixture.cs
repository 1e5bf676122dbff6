using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Inference.Server.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;

namespace Inference.Server.Tests;

/// <summary>
/// A server built exactly as Program builds it, from command-line arguments, shared by the tests of one class: real
/// Kestrel on 127.0.0.1 and a free port, or (<see cref="InMemory"/>) ASP.NET Core's TestServer, for tests of what the
/// application answers that need no socket. Derived fixtures add configuration.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private WebApplication? app;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string Model => TestModels.Id;

    public IServiceProvider Services => app!.Services;

    /// <summary>
    /// True: the in-memory TestServer (Microsoft.AspNetCore.Mvc.Testing) serves the app, with no port and no connection.
    /// False: Kestrel, which disconnect, body-size, drain, slow-client and connection tests need.
    /// </summary>
    protected virtual bool InMemory => false;

    /// <summary>Extra command-line arguments (flags or --Section:Key=value).</summary>
    protected virtual IEnumerable<string> Arguments() => [];

    /// <summary>The models served: by default the test model as "tiny", without a reward model.</summary>
    protected virtual IEnumerable<string> ModelArguments() => ["--model", $"{TestModels.Id}={TestModels.LanguageModel}", "--reward-model", "none"];

    /// <summary>Runs before the server is built (e.g. to start a service its configuration points at).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Runs after the server was stopped and disposed.</summary>
    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        string[] args =
        [
            .. ModelArguments(),
            "--host", "127.0.0.1",
            "--port", "0",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Error",
            "--Limits:MaxBodyBytes=65536",
            "--Limits:MaxTokens=64",
            "--Limits:RequestTimeoutSeconds=60",
            "--Server:DrainTimeoutSeconds=2",
            .. Arguments(),
        ];
        app = InferenceServerApp.Build(args, InMemory ? builder => builder.WebHost.UseTestServer() : null);
        await app.StartAsync();
        if (InMemory)
        {
            Http = app.GetTestClient();
            Http.Timeout = TimeSpan.FromSeconds(60);
            BaseAddress = Http.BaseAddress!;
        }
        else
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var ready = await Http.GetAsync("health/ready");
            if (ready.StatusCode == HttpStatusCode.OK) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server did not become ready: " + await ready.Content.ReadAsStringAsync());
            await Task.Delay(50);
        }
    }

    /// <summary>Begins a graceful shutdown (as SIGTERM would) and completes when the host has stopped.</summary>
    public Task StopAsync() => app!.StopAsync();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await AfterStopAsync();
    }
}

/// <summary>A server with a configured (but unreachable) external verifier, a configured alias and model defaults, on
/// Kestrel (for tests that hang up a connection or use an SDK over a real port).</summary>
public class DefaultServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() =>
    [
        // Port 9 (discard) on loopback has no listener here: every call fails fast, so verdicts are "unverified".
        "--Verifiers:Http:offline:Endpoint=http://127.0.0.1:9/verify",
        "--Verifiers:Http:offline:TotalTimeout=00:00:01",
        "--Verifiers:Http:offline:AttemptTimeout=00:00:00.500",
        "--Verifiers:Http:offline:MaxRetryAttempts=0",
        $"--TestTimeScaling:Aliases:tiny-vote:Model={TestModels.Id}",
        "--TestTimeScaling:Aliases:tiny-vote:Strategy=majority",
        "--TestTimeScaling:Aliases:tiny-vote:Samples=3",
        "--TestTimeScaling:ProgressIntervalMilliseconds=10",
    ];
}

/// <summary><see cref="DefaultServer"/> on the in-memory TestServer.</summary>
public sealed class InMemoryServer : DefaultServer
{
    protected override bool InMemory => true;
}
