using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Inference.Bench.Engine;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;

namespace Inference.Bench.Peer;

/// <summary>
/// Our engine against onnxruntime-genai 0.20 on the same export: the same prompt ids in a batch of identical rows,
/// the same number of new tokens with end-of-sequence disabled, the same sampling settings and ONNX Runtime threads.
/// GenAI runs in a process of its own (tools/GenAiPeer), started once per repeat right after our run, so each ratio
/// compares two runs made back to back. Both sides count decode tokens only: rows x (new tokens - 1) over the time
/// after the prefill (whose logits give every row its first token).
/// </summary>
internal static class PeerBenchmark
{
    public sealed record Settings(string Model, int Rows, int PromptLength, int NewTokens, int TopK, double Temperature, int Threads, int Repeats, bool AllowSpinning = true);

    public static async Task<RatioSeries> RunAsync(Settings s)
    {
        using var package = BenchModel.Load(s.Model, s.Threads, s.AllowSpinning);
        var prompt = Prompt(package, s.PromptLength);
        var peer = PeerExecutable();
        // Rows as long as this run needs, as GenAI sizes its buffer to max_length (= prompt + new tokens), plus the
        // prefill's logits (every prompt position's, as the graph returns them), which our budget counts too.
        var prefillLogitsBytes = (long)s.PromptLength * package.Descriptor.VocabSize * sizeof(float);
        var prefillLogitsTokens = prefillLogitsBytes / package.Decoder.Interface.KvCache.BytesPerToken + 1;
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions
        {
            MaxBatchRows = s.Rows, MaxKvTokens = (long)s.Rows * (s.PromptLength + s.NewTokens) * 2 + prefillLogitsTokens,
        });
        var sampling = new SamplingParams
        {
            Temperature = s.Temperature, TopK = s.TopK, Seed = 7, MaxTokens = s.NewTokens, IgnoreEos = true,
        };
        var label = $"ours/GenAI decode tokens per second, {s.Rows} rows, prompt {s.PromptLength}, {s.NewTokens} new tokens, " +
                    $"top_k {s.TopK}, temperature {s.Temperature}, {s.Threads} threads{(s.AllowSpinning ? "" : " (ours without spinning)")}";
        var series = new RatioSeries(label, "target >= 1.0");
        await Ours(scheduler, prompt, s.Rows, sampling with { MaxTokens = Math.Min(8, s.NewTokens) }); // warm-up
        for (var r = 0; r < s.Repeats; r++)
        {
            var ours = await Ours(scheduler, prompt, s.Rows, sampling);
            var genai = GenAi(peer, s, prompt);
            series.Add(ours / genai);
            Console.WriteLine($"  run {r + 1}: ours {ours:F0} tok/s, GenAI {genai:F0} tok/s, ratio {ours / genai:F3}");
        }
        return series;
    }

    /// <summary>The same ids for both sides: ordinary tokens spread over the vocabulary (no special ids at its end).</summary>
    private static int[] Prompt(ModelPackage package, int length)
    {
        var ordinary = package.Tokenizer.VocabSize - package.Tokenizer.AddedTokens.Count;
        var range = Math.Min(package.Descriptor.VocabSize, Math.Max(2, ordinary));
        return Enumerable.Range(0, length).Select(i => (int)((i * 7919L + 13) % range)).ToArray();
    }

    private static async Task<double> Ours(GenerationScheduler scheduler, int[] prompt, int rows, SamplingParams sampling)
    {
        var result = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = rows, Sampling = sampling });
        var decode = result.TotalTime - result.QueueTime - result.PrefillTime;
        return rows * (sampling.MaxTokens - 1) / decode.TotalSeconds;
    }

    private static double GenAi(string peer, Settings s, int[] prompt)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     peer, Path.GetFullPath(s.Model), s.Rows.ToString(CultureInfo.InvariantCulture), string.Join(",", prompt),
                     s.NewTokens.ToString(CultureInfo.InvariantCulture), s.TopK.ToString(CultureInfo.InvariantCulture),
                     s.Temperature.ToString(CultureInfo.InvariantCulture), s.Threads.ToString(CultureInfo.InvariantCulture),
                 })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"GenAiPeer failed ({process.ExitCode}): {errors}");
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return json.RootElement.GetProperty("decode_tokens_per_second").GetDouble();
    }

    /// <summary>tools/GenAiPeer's build next to this one (same configuration).</summary>
    private static string PeerExecutable()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(RepositoryPaths.Root, "tools", "GenAiPeer", "bin", configuration, "net10.0", "Inference.GenAiPeer.dll");
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"Build the GenAI peer first: dotnet build tools/GenAiPeer -c {configuration}", path);
    }
}
