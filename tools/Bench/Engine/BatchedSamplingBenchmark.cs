using System.Diagnostics;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;

namespace Inference.Bench.Engine;

/// <summary>(a) N samples of one prompt as one batched request (one prefill, N rows) vs N single-sample requests in a row.</summary>
internal static class BatchedSamplingBenchmark
{
    public static async Task<RatioSeries> RunAsync(ModelPackage package, int samples, int tokens, int repeats)
    {
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = Math.Max(64, samples) });
        var prompt = BenchModel.Prompt(package);
        var p = new SamplingParams { Seed = 1, MaxTokens = tokens, IgnoreEos = true };
        var series = new RatioSeries($"batched/sequential wall time, N={samples} x {tokens} tokens", "target <= 0.125");
        await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 2, Sampling = p with { MaxTokens = 4 } });
        for (var r = 0; r < repeats; r++)
        {
            var batched = Stopwatch.StartNew();
            var all = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = samples, Sampling = p });
            batched.Stop();
            var sequential = Stopwatch.StartNew();
            var count = 0;
            for (var i = 0; i < samples; i++)
                count += (await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 1, Sampling = p with { Seed = 1 + i } })).CompletionTokens;
            sequential.Stop();
            if (all.CompletionTokens != samples * tokens || count != samples * tokens)
                throw new InvalidOperationException($"expected {samples * tokens} tokens per side, got {all.CompletionTokens} and {count}");
            var ratio = batched.Elapsed.TotalSeconds / sequential.Elapsed.TotalSeconds;
            series.Add(ratio);
            Console.WriteLine($"  run {r + 1}: batched {batched.Elapsed.TotalMilliseconds:F0} ms, sequential {sequential.Elapsed.TotalMilliseconds:F0} ms, ratio {ratio:F3}");
        }
        return series;
    }
}
