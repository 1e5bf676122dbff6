using System.Diagnostics;
using Inference.Engine.Decoding;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Bench.Engine;

/// <summary>
/// (b) The engine's decode tokens/s against a bare ONNX Runtime loop over the same model and batch shapes: the raw
/// loop feeds presents back as pasts and a fixed token, with no sampling, no detokenizing and no scheduler.
/// </summary>
internal static class RawLoopBenchmark
{
    public static async Task<RatioSeries> RunAsync(ModelPackage package, int rows, int tokens, int repeats)
    {
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = Math.Max(64, rows) });
        var prompt = BenchModel.Prompt(package);
        var p = new SamplingParams { Seed = 3, MaxTokens = tokens, IgnoreEos = true };
        var series = new RatioSeries($"engine/raw decode tokens per second, {rows} rows x {tokens} tokens", "target >= 0.90");
        RawDecode(package, prompt, rows, 4);
        for (var r = 0; r < repeats; r++)
        {
            var result = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = rows, Sampling = p });
            // Decode time only: the first token of every row comes from the prefill.
            var engineDecode = result.TotalTime - result.QueueTime - result.PrefillTime;
            var engineRate = rows * (tokens - 1) / engineDecode.TotalSeconds;
            var raw = RawDecode(package, prompt, rows, tokens - 1);
            var rawRate = rows * (tokens - 1) / raw.TotalSeconds;
            series.Add(engineRate / rawRate);
            Console.WriteLine($"  run {r + 1}: engine {engineRate:F0} tok/s, raw {rawRate:F0} tok/s, ratio {engineRate / rawRate:F3}");
        }
        return series;
    }

    /// <summary>
    /// What the hardware allows: the raw loop's decode tokens/s at several batch sizes. A batched run cannot beat
    /// rate(1)/rate(N) of sequential single-row runs, nor continuous batching rate(32)/rate(4) of serial 4-row runs.
    /// </summary>
    public static void PrintCeilings(ModelPackage package, int tokens, int repeats)
    {
        var prompt = BenchModel.Prompt(package);
        var rates = new Dictionary<int, double>();
        foreach (var rows in new[] { 1, 4, 16, 32 })
        {
            RawDecode(package, prompt, rows, 4);
            var samples = Enumerable.Range(0, repeats).Select(_ => rows * (tokens - 1) / RawDecode(package, prompt, rows, tokens - 1).TotalSeconds).Order().ToArray();
            rates[rows] = samples[samples.Length / 2];
            Console.WriteLine($"  raw ORT decode, {rows,2} rows: median {rates[rows]:F0} tok/s");
        }
        Console.WriteLine($"  ceiling of batched/sequential (N=16): {rates[1] / rates[16]:F3}; ceiling of continuous/serial (32 vs 4 rows): {rates[32] / rates[4]:F2}");
    }

    /// <summary>Prefills <paramref name="rows"/> copies of the prompt, then times <paramref name="steps"/> decode steps.</summary>
    private static TimeSpan RawDecode(ModelPackage package, int[] prompt, int rows, int steps)
    {
        var session = package.Session;
        var d = package.Decoder.Interface;
        var spec = d.KvCache;
        var pasts = spec.PastNames.Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, spec.ElementType, spec.Shape(rows, 0))).ToArray();
        var outputs = new[] { d.LogitsName }.Concat(spec.PresentNames).ToArray();
        var length = 0;
        using var runOptions = new RunOptions();
        try
        {
            var watch = new Stopwatch();
            for (var step = 0; step <= steps; step++)
            {
                var sequence = step == 0 ? prompt.Length : 1;
                if (step == 1) watch.Start();
                var names = new List<string> { d.InputIdsName };
                var values = new List<OrtValue> { IdTensor.Create(d.InputIdsType, rows, sequence, (r, s) => step == 0 ? prompt[s] : prompt[0]) };
                if (d.AttentionMaskName is { } mask) { names.Add(mask); values.Add(IdTensor.Create(d.AttentionMaskType, rows, length + sequence, (_, _) => 1)); }
                if (d.PositionIdsName is { } pos) { names.Add(pos); values.Add(IdTensor.Create(d.PositionIdsType, rows, sequence, (_, s) => length + s)); }
                names.AddRange(spec.PastNames);
                values.AddRange(pasts);
                // The official API as it is: no input checks, no cancellation. Presents are kept; logits are dropped.
                var results = session.Run(runOptions, names, values, outputs).ToArray();
                foreach (var owned in values.Take(values.Count - pasts.Length)) owned.Dispose();
                foreach (var past in pasts) past.Dispose();
                results[0].Dispose();
                pasts = results.Skip(1).ToArray();
                length += sequence;
            }
            watch.Stop();
            return watch.Elapsed;
        }
        finally
        {
            foreach (var past in pasts) past.Dispose();
        }
    }

}
