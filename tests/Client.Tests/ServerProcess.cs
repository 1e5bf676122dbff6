using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Inference.Client.Tests;

/// <summary>The real server, started as its own process on a loopback port it picks itself, with the bundled model.</summary>
public sealed class ServerProcess : IAsyncLifetime
{
    private Process? process;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Repository.Root, "src", "Server", "bin", configuration, "net10.0", "Inference.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("The server was not built.", dll);
        // Port 0: the server binds a free port itself and logs it. Picking one here and handing it over left a window
        // in which another process (a parallel test run) could take it.
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--host", "127.0.0.1", "--port", "0", "--model", Repository.BundledModel },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        })!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningOn.Match(line) is { Success: true } m) listening.TrySetResult(int.Parse(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!listening.Task.IsCompleted)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The server did not log its address within 90 s.");
            await Task.WhenAny(listening.Task, Task.Delay(250));
        }
        BaseAddress = new Uri($"http://127.0.0.1:{await listening.Task}/");
        using var http = new HttpClient();
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "health/ready"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The server did not become ready within 90 s.");
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Kestrel's startup line, e.g. "Now listening on: http://127.0.0.1:40489".</summary>
    private static readonly Regex ListeningOn = new(@"Now listening on: http://127\.0\.0\.1:(\d+)");
}
