using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Inference.Client.Tests;

/// <summary>The real server, started as its own process on a free loopback port with the bundled model.</summary>
public sealed class ServerProcess : IAsyncLifetime
{
    private Process? process;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Repository.Root, "src", "Server", "bin", configuration, "net10.0", "Inference.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("The server was not built.", dll);
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--port", port.ToString(), "--model", Repository.BundledModel },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
