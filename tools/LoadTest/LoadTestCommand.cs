using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Inference.LoadTest.Reporting;
using Inference.LoadTest.Running;
using Inference.LoadTest.Workload;
using Spectre.Console;

namespace Inference.LoadTest;

/// <summary>The command line: options, then probe the server, run the plan with a progress bar, print and save the report.</summary>
public static class LoadTestCommand
{
    public static RootCommand Create()
    {
        var url = new Option<string>("--url") { Description = "Server base URL (loopback only unless --allow-remote)", DefaultValueFactory = _ => "http://127.0.0.1:8000" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a --url that is not a loopback address" };
        var mode = new Option<LoadMode>("--mode") { Description = "closed: C concurrent clients; open: Poisson arrivals at --rate", DefaultValueFactory = _ => LoadMode.Closed };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Concurrent clients (closed loop)", DefaultValueFactory = _ => 4 };
        var rate = new Option<double>("--rate") { Description = "Arrivals per second (open loop)", DefaultValueFactory = _ => 2.0 };
        var duration = new Option<double>("--duration") { Description = "Seconds to issue requests (the run always stops)", DefaultValueFactory = _ => 10.0 };
        var requests = new Option<int?>("--requests") { Description = "Stop issuing after this many requests (with --duration, whichever first)" };
        var timeout = new Option<double>("--timeout") { Description = "Per-request timeout in seconds", DefaultValueFactory = _ => 60.0 };
        var drain = new Option<double>("--drain") { Description = "Seconds to wait for requests in flight after issuing stops", DefaultValueFactory = _ => 30.0 };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Open loop: arrivals beyond this many outstanding requests are dropped", DefaultValueFactory = _ => 256 };
        var mix = new Option<string?>("--mix") { Description = "JSONL request mix: {\"name\",\"weight\",\"path\",\"body\"} per line (default: built-in chat / n / stream / test_time_scaling mix)" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "max_tokens of the built-in mix", DefaultValueFactory = _ => 48 };
        var model = new Option<string?>("--model") { Description = "The \"model\" field (default: the first model of GET /v1/models)" };
        var apiKey = new Option<string?>("--api-key") { Description = "Bearer token, if the server requires one" };
        var seed = new Option<int>("--seed") { Description = "Seed of the request mix draw and the Poisson arrivals", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Write the report as JSON to this file" };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar (for logs)" };
        var disconnect = new Option<double>("--disconnect-fraction") { Description = "Share of streamed requests whose client hangs up after the first event (0..1)", DefaultValueFactory = _ => 0 };

        var root = new RootCommand("Load test an inference server: closed or open loop, bounded by duration and request count; reports throughput, status counts and latency/TTFT percentiles")
        {
            url, allowRemote, mode, concurrency, rate, duration, requests, timeout, drain, maxInFlight, mix, maxTokens, model, apiKey, seed, output, noProgress,
            disconnect,
        };
        root.SetAction((parse, ct) => RunAsync(new Settings(
            parse.GetValue(url)!, parse.GetValue(allowRemote), parse.GetValue(mode), parse.GetValue(concurrency), parse.GetValue(rate),
            parse.GetValue(duration), parse.GetValue(requests), parse.GetValue(timeout), parse.GetValue(drain), parse.GetValue(maxInFlight),
            parse.GetValue(mix), parse.GetValue(maxTokens), parse.GetValue(model), parse.GetValue(apiKey), parse.GetValue(seed),
            parse.GetValue(output), parse.GetValue(noProgress), parse.GetValue(disconnect)), ct));
        return root;
    }

    private sealed record Settings(string Url, bool AllowRemote, LoadMode Mode, int Concurrency, double Rate, double Duration, int? Requests,
        double Timeout, double Drain, int MaxInFlight, string? Mix, int MaxTokens, string? Model, string? ApiKey, int Seed, string? Out, bool NoProgress,
        double DisconnectFraction);

    private static async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        var console = AnsiConsole.Console;
        Uri baseUrl;
        LoadPlan plan;
        RequestMix requestMix;
        try
        {
            baseUrl = TargetGuard.Check(s.Url, s.AllowRemote);
            if (!(s.Timeout is > 0 and <= 3600)) throw new ArgumentException("--timeout must be between 0 and 3600 seconds.");
            if (!(s.Drain is >= 0 and <= 3600)) throw new ArgumentException("--drain must be between 0 and 3600 seconds.");
            if (s.MaxTokens < 1) throw new ArgumentException("--max-tokens must be >= 1.");
            if (!(s.DisconnectFraction is >= 0 and <= 1)) throw new ArgumentException("--disconnect-fraction must be between 0 and 1.");
            plan = new LoadPlan(s.Mode, s.Concurrency, s.Rate, TimeSpan.FromSeconds(s.Duration), s.Requests, s.MaxInFlight,
                TimeSpan.FromSeconds(s.Drain), s.Seed);
            plan.Validate();
            requestMix = new RequestMix(s.Mix is null ? BuiltInMix.Create(s.MaxTokens) : RequestMix.Load(s.Mix), s.Seed);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidMixException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }

        // No proxy: the target is this machine, and an inherited proxy setting must not reroute the traffic.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = Math.Max(s.Concurrency, s.MaxInFlight),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // A client that hangs up must really close the connection, not read the rest of the stream on dispose.
            MaxResponseDrainSize = 0,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        if (s.ApiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", s.ApiKey);

        string modelId;
        try
        {
            modelId = s.Model ?? await ServerProbe.FirstModelAsync(http, baseUrl, ct);
        }
        catch (ServerUnavailableException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 3;
        }

        var runner = new LoadRunner(new RequestSender(http, baseUrl, modelId, TimeSpan.FromSeconds(s.Timeout), s.DisconnectFraction, s.Seed), requestMix, plan);
        var describe = s.Mode == LoadMode.Closed ? $"{s.Concurrency} clients" : $"{s.Rate} req/s";
        console.WriteLine($"load test of {baseUrl} (model {modelId}): {s.Mode.ToString().ToLowerInvariant()} loop, {describe}, {s.Duration} s" +
                                       $"{(s.Requests is { } n ? $" or {n} requests" : "")}, mix: {string.Join(", ", requestMix.Templates.Select(t => t.Name))}");
        var run = runner.RunAsync(ct);
        if (!s.NoProgress)
        {
            await console.Progress().AutoClear(true).HideCompleted(true).StartAsync(async progress =>
            {
                var task = progress.AddTask("issuing", maxValue: s.Duration);
                var started = DateTime.UtcNow;
                while (!run.IsCompleted)
                {
                    task.Value = Math.Min(s.Duration, (DateTime.UtcNow - started).TotalSeconds);
                    task.Description = $"{runner.Completed} done / {runner.Issued} sent";
                    await Task.WhenAny(run, Task.Delay(200, CancellationToken.None));
                }
                task.Value = s.Duration;
            });
        }
        var result = await run;
        var report = LoadReport.From(baseUrl.ToString(), plan, result);
        ReportTable.Write(console, report);
        if (s.Out is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(s.Out));
            if (directory is not null) Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(s.Out, JsonSerializer.Serialize(report, ReportJson.Options), CancellationToken.None);
            console.MarkupLineInterpolated($"report written to {s.Out}");
        }
        if (report.Succeeded == 0)
        {
            console.MarkupLine("[red]no request succeeded[/]");
            return 1;
        }
        return 0;
    }
}
