using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Inference.Testing;

/// <summary>
/// The real server (src/Server's build output) as its own process, as a user starts it, with its console output
/// captured line by line. <see cref="StartAsync"/> waits until it listens (port 0: it picks a free port itself and
/// logs it) and is ready; <see cref="RunToExitAsync"/> runs one that is expected to stop by itself.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Bounds a start-up or an exit: it only turns a hang into a failure.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly Process process;
    private readonly ConcurrentQueue<string> stdout = new();
    private readonly ConcurrentQueue<string> stderr = new();
    private readonly TaskCompletionSource<int> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                stdoutClosed.TrySetResult();
                return;
            }
            stdout.Enqueue(line);
            if (ListeningOn.Match(line) is { Success: true } m) listening.TrySetResult(int.Parse(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) stderr.Enqueue(line);
            else stderrClosed.TrySetResult();
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Freezes the process (SIGSTOP): it keeps its sockets, so connections to it hang instead of failing.</summary>
    public void Pause()
    {
        using var stop = Process.Start("kill", ["-STOP", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        stop.WaitForExit();
        if (stop.ExitCode != 0) throw new InvalidOperationException($"kill -STOP {process.Id} failed with code {stop.ExitCode}.");
    }

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public void Resume()
    {
        using var resume = Process.Start("kill", ["-CONT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        resume.WaitForExit();
        if (resume.ExitCode != 0) throw new InvalidOperationException($"kill -CONT {process.Id} failed with code {resume.ExitCode}.");
    }

    /// <summary>Kills the process (SIGKILL), as a crash would: its connections are reset.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Lines written to standard output so far.</summary>
    public IReadOnlyList<string> Output => stdout.ToArray();

    /// <summary>Lines written to standard error so far.</summary>
    public IReadOnlyList<string> Errors => stderr.ToArray();

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Inference.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root was not found.");
        }
    }

    /// <summary>The build configuration of the running tests, which is the one the server and samples were built in.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private static string ServerDll
    {
        get
        {
            var dll = Path.Combine(RepositoryRoot, "src", "Server", "bin", Configuration, "net10.0", "Inference.Server.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The server was not built.", dll);
        }
    }

    /// <summary>Starts a server on 127.0.0.1 and a port of its choosing, and waits until /health/ready answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(params string[] arguments)
    {
        // Port 0: the server binds a free port itself and logs it. Picking one here and handing it over left a window
        // in which another process (a parallel test run) could take it.
        var server = new ServerProcess(["--host", "127.0.0.1", "--port", "0", .. arguments]);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a server that is expected to stop by itself (e.g. on a bad setting) and returns its exit code once
    /// all its output has been read.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)> RunToExitAsync(params string[] arguments)
    {
        await using var server = new ServerProcess(arguments);
        using var timeout = new CancellationTokenSource(Bound);
        await server.process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(server.stdoutClosed.Task, server.stderrClosed.Task).WaitAsync(timeout.Token);
        return (server.process.ExitCode, server.Output, server.Errors);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!listening.Task.IsCompleted)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode}: {string.Join('\n', Errors)}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The server did not log its address within {Bound.TotalSeconds:0} s.");
            await Task.WhenAny(listening.Task, Task.Delay(250));
        }
        BaseAddress = new Uri($"http://127.0.0.1:{await listening.Task}/");
        using var http = new HttpClient();
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode}: {string.Join('\n', Errors)}");
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "health/ready"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server did not become ready within {Bound.TotalSeconds:0} s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>Kestrel's startup line, e.g. "Now listening on: http://127.0.0.1:40489".</summary>
    private static readonly Regex ListeningOn = new(@"Now listening on: http://127\.0\.0\.1:(\d+)");
}

/// <summary>A real server process with the bundled models (models/arith-lm and, paired with it, models/arith-reward),
/// shared by the tests of one class.</summary>
public sealed class BundledServerProcess : IAsyncLifetime
{
    private ServerProcess? server;

    public Uri BaseAddress => server!.BaseAddress;

    public async Task InitializeAsync() => server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}
