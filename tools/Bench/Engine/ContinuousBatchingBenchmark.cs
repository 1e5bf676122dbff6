using System.Diagnostics;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;

namespace Inference.Bench.Engine;

/// <summary>(c) Concurrent requests sharing the decode batch vs the same requests served one at a time.</summary>
internal static class ContinuousBatchingBenchmark
{
    public static async Task<RatioSeries> RunAsync(ModelPackage package, int requests, int samplesEach, int tokens, int repeats)
    {
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = Math.Max(64, requests * samplesEach) });
        var prompt = BenchModel.Prompt(package);
        // Different max_tokens per request so rows join and leave the batch at different steps.
        GenerationRequest Request(int i) => new()
        {
            PromptTokens = prompt, Samples = samplesEach,
            Sampling = new SamplingParams { Seed = 10 + i, MaxTokens = tokens - (i * tokens / (2 * requests)), IgnoreEos = true },
        };
        var total = Enumerable.Range(0, requests).Sum(i => Request(i).Sampling.MaxTokens * samplesEach);
        var series = new RatioSeries($"continuous/serial throughput, {requests} requests x n={samplesEach}", "target >= 3");
        await scheduler.GenerateAsync(Request(0) with { Sampling = Request(0).Sampling with { MaxTokens = 4 } });
        for (var r = 0; r < repeats; r++)
        {
            var together = Stopwatch.StartNew();
            var results = await Task.WhenAll(Enumerable.Range(0, requests).Select(i => scheduler.GenerateAsync(Request(i))));
            together.Stop();
            var serial = Stopwatch.StartNew();
            var serialTokens = 0;
            for (var i = 0; i < requests; i++) serialTokens += (await scheduler.GenerateAsync(Request(i))).CompletionTokens;
            serial.Stop();
            if (results.Sum(x => x.CompletionTokens) != total || serialTokens != total)
                throw new InvalidOperationException($"expected {total} tokens per side");
            var ratio = (total / together.Elapsed.TotalSeconds) / (total / serial.Elapsed.TotalSeconds);
            series.Add(ratio);
            Console.WriteLine($"  run {r + 1}: concurrent {total / together.Elapsed.TotalSeconds:F0} tok/s, serial {total / serial.Elapsed.TotalSeconds:F0} tok/s, ratio {ratio:F2}");
        }
        return series;
    }
}
