using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Inference.Fuzz.Generation;
using Inference.Fuzz.Memory;
using Inference.Fuzz.Running;
using Inference.LoadTest.Running;

namespace Inference.Fuzz;

/// <summary>
/// The command line. The root command fuzzes a running server with the seeded generator (the same one
/// <c>dotnet test</c> runs at CI size) and exits 1 on any failure; <c>burst</c> sends a burst of large bodies and
/// follows the server's resident memory until it settles.
/// </summary>
public static class FuzzCommand
{
    public static RootCommand Create()
    {
        var url = new Option<string>("--url") { Description = "Server base URL (loopback only unless --allow-remote)", DefaultValueFactory = _ => "http://127.0.0.1:8000" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a --url that is not a loopback address" };
        var model = new Option<string?>("--model") { Description = "The \"model\" field (default: the first model of GET /v1/models)" };
        var pid = new Option<int?>("--pid") { Description = "The server's process id, to report its resident memory (Linux)" };
        var output = new Option<string?>("--out") { Description = "Write the report as JSON to this file" };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Requests in flight", DefaultValueFactory = _ => 8 };

        var bodies = new Option<long>("--bodies") { Description = "How many cases to send", DefaultValueFactory = _ => 100_000 };
        var first = new Option<long>("--first") { Description = "Index of the first case (resume or reproduce a range)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Generator seed: the same seed and index always give the same request", DefaultValueFactory = _ => 14 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds a request may take before it counts as a hang", DefaultValueFactory = _ => 60 };
        var show = new Option<bool>("--show") { Description = "Print the cases (index, mutations, body) instead of sending them" };

        var root = new RootCommand("Fuzz an inference server: seeded structure-aware request bodies on every JSON route; no answer may be a 5xx, " +
                                   "every 4xx must carry the OpenAI error body, every stream must end cleanly, nothing may hang")
        {
            url, allowRemote, model, pid, output, concurrency, bodies, first, seed, timeout, show,
        };
        root.SetAction((parse, ct) => FuzzAsync(parse.GetValue(url)!, parse.GetValue(allowRemote), parse.GetValue(model), parse.GetValue(pid),
            parse.GetValue(output), parse.GetValue(concurrency), parse.GetValue(bodies), parse.GetValue(first), parse.GetValue(seed),
            parse.GetValue(timeout), parse.GetValue(show), ct));

        var burstBodies = new Option<int>("--bodies") { Description = "Large bodies in the burst", DefaultValueFactory = _ => 150 };
        var sizeKb = new Option<int>("--size-kb") { Description = "Size of each body in KiB (keep it under the server's Limits:MaxBodyBytes)", DefaultValueFactory = _ => 900 };
        var idle = new Option<double>("--idle-seconds") { Description = "How long to follow the memory after the burst", DefaultValueFactory = _ => 60 };
        var burstPid = new Option<int>("--pid") { Description = "The server's process id (Linux)", Required = true };
        var burst = new Command("burst", "Send a burst of large bodies and follow the server's resident memory until it settles")
        {
            url, allowRemote, model, burstPid, output, concurrency, burstBodies, sizeKb, idle,
        };
        burst.SetAction((parse, ct) => LargeBodyBurst.RunAsync(new LargeBodyBurst.Settings(Target(parse.GetValue(url)!, parse.GetValue(allowRemote)),
            parse.GetValue(model), parse.GetValue(burstPid), parse.GetValue(concurrency), parse.GetValue(burstBodies), parse.GetValue(sizeKb),
            TimeSpan.FromSeconds(parse.GetValue(idle)), parse.GetValue(output)), ct));
        root.Subcommands.Add(burst);
        return root;
    }

    private static Uri Target(string url, bool allowRemote) => TargetGuard.Check(url, allowRemote);

    private static async Task<int> FuzzAsync(string url, bool allowRemote, string? modelName, int? pid, string? output, int concurrency,
        long bodies, long first, int seed, double timeoutSeconds, bool show, CancellationToken ct)
    {
        var baseUrl = Target(url, allowRemote);
        using var http = FuzzRunner.CreateClient(concurrency);
        var target = show ? new FuzzTarget(modelName ?? "model", 99) : await ProbeAsync(http, baseUrl, modelName, ct);
        var generator = new FuzzGenerator(seed, target);
        if (show)
        {
            for (var i = first; i < first + bodies; i++)
            {
                var c = generator.Create(i);
                Console.WriteLine(c);
                Console.WriteLine(Printable(c.Body));
            }
            return 0;
        }

        var rssBefore = pid is { } p ? ProcessMemory.ResidentBytes(p) : (long?)null;
        Console.WriteLine($"fuzzing {baseUrl} (model {target.Model}, vocabulary {target.VocabSize}): seed {seed}, cases {first}..{first + bodies - 1}, " +
                          $"{concurrency} in flight, {timeoutSeconds:0.#} s per request" + (rssBefore is { } r ? $", server RSS {ProcessMemory.Megabytes(r)}" : ""));
        var clock = Stopwatch.StartNew();
        var lastPrint = TimeSpan.Zero;
        var printing = new object();
        var runner = new FuzzRunner(http, baseUrl, TimeSpan.FromSeconds(timeoutSeconds));
        var summary = await runner.RunAsync(generator, first, bodies, concurrency, s =>
        {
            lock (printing)
            {
                if (clock.Elapsed - lastPrint < TimeSpan.FromSeconds(10)) return;
                lastPrint = clock.Elapsed;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:F0} s  {s.Sent,8} sent  {s.Sent / clock.Elapsed.TotalSeconds,6:F0}/s  " +
                                  $"failed {s.Failed}  5xx {s.ServerErrors}  hangs {s.Hangs}" + (pid is { } id ? $"  RSS {ProcessMemory.Megabytes(ProcessMemory.ResidentBytes(id))}" : ""));
            }
        }, ct);
        var rssAfter = pid is { } q ? ProcessMemory.ResidentBytes(q) : (long?)null;
        var report = new FuzzReport(baseUrl.ToString(), target.Model, seed, first, summary.Sent, clock.Elapsed.TotalSeconds, summary.Sent / clock.Elapsed.TotalSeconds,
            summary.Failed, summary.ServerErrors, summary.Hangs, summary.Slowest.TotalMilliseconds, summary.ByStatus, summary.ByRoute,
            rssBefore, rssAfter, summary.Failures.Select(f => new FuzzFailure(f.Case.Index, f.Case.ToString(), f.Status, f.Problem!)).ToList());
        Console.WriteLine($"{report.Sent} bodies in {report.Seconds:F0} s ({report.PerSecond:F0}/s): {report.Failed} failed, {report.ServerErrors} 5xx, " +
                          $"{report.Hangs} hangs, slowest answer {report.SlowestMs / 1000:F1} s" +
                          (rssBefore is { } b && rssAfter is { } a ? $"; server RSS {ProcessMemory.Megabytes(b)} -> {ProcessMemory.Megabytes(a)}" : ""));
        Console.WriteLine("statuses: " + string.Join(", ", report.ByStatus.Select(s => $"{s.Key} x{s.Value}")));
        foreach (var (route, statuses) in report.ByRoute)
            Console.WriteLine($"  {route,-22} " + string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}")));
        foreach (var failure in report.Failures)
            Console.WriteLine($"FAILED {failure.Case} -> {failure.Status}: {failure.Problem}\n  reproduce: --seed {seed} --first {failure.Index} --bodies 1 (--show prints it)");
        if (output is not null) await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, ReportOptions), CancellationToken.None);
        return report.Failed == 0 ? 0 : 1;
    }

    internal static readonly JsonSerializerOptions ReportOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    internal static async Task<FuzzTarget> ProbeAsync(HttpClient http, Uri baseUrl, string? modelName, CancellationToken ct)
    {
        var model = modelName ?? await ServerProbe.FirstModelAsync(http, baseUrl, ct);
        using var card = JsonDocument.Parse(await http.GetStringAsync(new Uri(baseUrl, $"v1/models/{Uri.EscapeDataString(model)}"), ct));
        return new FuzzTarget(model, card.RootElement.TryGetProperty("vocab_size", out var vocab) && vocab.TryGetInt32(out var v) ? v : 100);
    }

    /// <summary>Body bytes for a terminal: printable ASCII as is, everything else as \xNN.</summary>
    private static string Printable(byte[] body)
    {
        var shown = body.Length > 2000 ? body[..2000] : body;
        var text = string.Concat(shown.Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:x2}"));
        return body.Length > 2000 ? text + $"… ({body.Length} bytes)" : text;
    }
}

/// <summary>The JSON report of a fuzz run.</summary>
public sealed record FuzzReport(
    string Url, string Model, int Seed, long First, long Sent, double Seconds, double PerSecond, long Failed, long ServerErrors, long Hangs,
    double SlowestMs, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyDictionary<string, IReadOnlyDictionary<int, int>> ByRoute,
    long? ServerRssBefore, long? ServerRssAfter, IReadOnlyList<FuzzFailure> Failures);

public sealed record FuzzFailure(long Index, string Case, int Status, string Problem);
