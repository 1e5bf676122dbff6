using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Inference.Fuzz.Memory;

/// <summary>
/// Memory under hostile bodies: a warm-up of small requests, the server's resident memory at rest (the baseline), a
/// burst of large bodies (chat content, a completion prompt, a token-id prompt, an unknown field, a tokenize prompt:
/// all parsed in full, most refused after tokenizing for the context), the peak during the burst, then the memory
/// followed while the server is idle. The target: back within 1.5x of the baseline (exit 1 otherwise).
/// </summary>
public static class LargeBodyBurst
{
    public const double Target = 1.5;

    public sealed record Settings(Uri BaseUrl, string? Model, int Pid, int Concurrency, int Bodies, int SizeKb, TimeSpan Idle, string? Output);

    public sealed record Report(
        string Url, int Bodies, int SizeKb, int Concurrency, long BaselineRss, long PeakRss, long FinalRss, double FinalRatio,
        double? SecondsToWithinTarget, IReadOnlyDictionary<string, int> Statuses, IReadOnlyList<Sample> Idle);

    public sealed record Sample(double Seconds, long Rss);

    public static async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        using var http = Running.FuzzRunner.CreateClient(s.Concurrency);
        var target = await FuzzCommand.ProbeAsync(http, s.BaseUrl, s.Model, ct);
        Console.WriteLine($"burst of {s.Bodies} bodies of {s.SizeKb} KiB at {s.BaseUrl} (model {target.Model}), {s.Concurrency} in flight; server pid {s.Pid}");

        for (var i = 0; i < 20; i++) await PostAsync(http, s.BaseUrl, "v1/chat/completions", Small(target.Model, i), ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var baseline = await MedianRssAsync(s.Pid, 5, ct);
        Console.WriteLine($"baseline after warm-up: {ProcessMemory.Megabytes(baseline)}");

        var peak = baseline;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.Token.IsCancellationRequested)
            {
                peak = Math.Max(peak, ProcessMemory.ResidentBytes(s.Pid));
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, s.Bodies), new ParallelOptions { MaxDegreeOfParallelism = s.Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var (path, body) = Large(target, i, s.SizeKb * 1024);
                var status = await PostAsync(http, s.BaseUrl, path, body, token);
                statuses.AddOrUpdate($"{path} {status}", 1, (_, n) => n + 1);
            });
        var burstSeconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine($"burst done in {burstSeconds:F1} s: {string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} x{kv.Value}"))}; peak {ProcessMemory.Megabytes(peak)}");

        var idle = new List<Sample>();
        double? within = null;
        clock.Restart();
        while (clock.Elapsed < s.Idle)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var rss = ProcessMemory.ResidentBytes(s.Pid);
            idle.Add(new Sample(Math.Round(clock.Elapsed.TotalSeconds), rss));
            if (within is null && rss <= baseline * Target) within = clock.Elapsed.TotalSeconds;
            if (idle.Count is 1 or 5 or 10 or 20 or 30 or 60 or 120 or 300) Console.WriteLine($"  idle {idle.Count,4} s: {ProcessMemory.Megabytes(rss)}");
        }
        var final = idle.Count > 0 ? idle[^1].Rss : ProcessMemory.ResidentBytes(s.Pid);
        var ratio = (double)final / baseline;
        Console.WriteLine($"baseline {ProcessMemory.Megabytes(baseline)}, peak {ProcessMemory.Megabytes(peak)}, after {s.Idle.TotalSeconds:0} s idle " +
                          $"{ProcessMemory.Megabytes(final)} = {ratio:F2}x the baseline (target <= {Target}x)" +
                          (within is { } w ? $"; within the target after {w:F0} s" : "; never within the target"));
        if (s.Output is not null)
        {
            var report = new Report(s.BaseUrl.ToString(), s.Bodies, s.SizeKb, s.Concurrency, baseline, peak, final, ratio, within,
                statuses.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => kv.Value), idle);
            await File.WriteAllTextAsync(s.Output, JsonSerializer.Serialize(report, FuzzCommand.ReportOptions), CancellationToken.None);
        }
        return ratio <= Target ? 0 : 1;
    }

    private static async Task<long> MedianRssAsync(int pid, int samples, CancellationToken ct)
    {
        var values = new List<long>();
        for (var i = 0; i < samples; i++)
        {
            values.Add(ProcessMemory.ResidentBytes(pid));
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        return values.Order().ElementAt(values.Count / 2);
    }

    private static string Small(string model, int i) => new JsonObject
    {
        ["model"] = model,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"Compute {i}+7." }),
        ["max_tokens"] = 8,
    }.ToJsonString();

    /// <summary>One large body of about <paramref name="bytes"/> bytes; the kind rotates with the index.</summary>
    private static (string Path, string Body) Large(Fuzz.Generation.FuzzTarget target, int i, int bytes)
    {
        var text = string.Create(bytes, i, (span, seed) =>
        {
            for (var j = 0; j < span.Length; j++) span[j] = (char)('0' + (j * 7 + seed) % 10);
        });
        return (i % 5) switch
        {
            0 => ("v1/chat/completions", new JsonObject { ["model"] = target.Model, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }) }.ToJsonString()),
            1 => ("v1/completions", new JsonObject { ["model"] = target.Model, ["prompt"] = text }.ToJsonString()),
            2 => ("v1/completions", $$"""{"model":{{JsonSerializer.Serialize(target.Model)}},"prompt":[{{string.Join(",", Enumerable.Range(0, bytes / 3).Select(j => j % Math.Max(1, target.VocabSize)))}}]}"""),
            3 => ("v1/chat/completions", new JsonObject
            {
                ["model"] = target.Model, ["max_tokens"] = 4, ["metadata"] = new JsonObject { ["note"] = text },
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Compute 3+4." }),
            }.ToJsonString()),
            _ => ("tokenize", new JsonObject { ["model"] = target.Model, ["prompt"] = text }.ToJsonString()),
        };
    }

    private static async Task<int> PostAsync(HttpClient http, Uri baseUrl, string path, string body, CancellationToken ct)
    {
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(baseUrl, path), content, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
