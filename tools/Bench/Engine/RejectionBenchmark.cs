using System.Diagnostics;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;

namespace Inference.Bench.Engine;

/// <summary>
/// Rows stopped by their caller (early rejection) leave the batch at the next decode step: a request decodes 16 rows
/// alone; after a quarter of its tokens, 12 of its samples are stopped. Measured from the scheduler's own step counter:
/// how many decode steps the stopped rows still took part in after the call (0, or 1 for the step already running when
/// it was made), and the time per decode step before and after (fewer rows, shorter steps).
/// </summary>
internal static class RejectionBenchmark
{
    private const int Rows = 16;
    private const int Kept = 4;
    private const int MaxWindow = 16;

    public static async Task<RatioSeries> RunAsync(ModelPackage package, int tokens, int repeats)
    {
        var series = new RatioSeries($"decode step time after stopping {Rows - Kept} of {Rows} rows vs before", "shorter once the rows left: < 1");
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = Rows });
        var prompt = BenchModel.Prompt(package);
        var maxExtra = 0;
        // Both windows fit in what the kept rows still decode after the stop (a --quick run has only a few tokens).
        var window = Math.Clamp((tokens - tokens / 4 - 2) / 2, 1, MaxWindow);
        for (var r = 0; r < repeats; r++)
        {
            var joined = scheduler.Stats.Steps;
            var handle = scheduler.Submit(new GenerationRequest
            {
                PromptTokens = prompt, Samples = Rows, Stream = false,
                Sampling = new SamplingParams { Temperature = 1.0, Seed = 7 + r, MaxTokens = tokens, IgnoreEos = true },
            });
            await UntilStep(scheduler, joined + (tokens / 4), handle.Completion);
            var (timeBefore, stepsBefore) = await TimeSteps(scheduler, window, handle.Completion);
            var atCall = scheduler.Stats.Steps;
            handle.StopSamples(Enumerable.Range(Kept, Rows - Kept));
            var (timeAfter, stepsAfter) = await TimeSteps(scheduler, window, handle.Completion);
            var result = await handle.Completion;

            // Each step adds one token to every row it decodes; the first token came from the prefill's draw.
            var tokensAtCall = 1 + (int)(atCall - joined);
            var extra = result.Samples.Skip(Kept).Max(s => s.Length) - tokensAtCall;
            maxExtra = Math.Max(maxExtra, extra);
            series.Add(timeAfter / timeBefore);
            Console.WriteLine($"  run {r + 1}: stopped rows decoded {extra} step(s) after the call; step {timeBefore.TotalMilliseconds:F2} ms with {Rows} rows " +
                              $"({stepsBefore} steps), {timeAfter.TotalMilliseconds:F2} ms with {Kept} ({stepsAfter} steps), ratio {timeAfter / timeBefore:F3}; " +
                              $"kept rows ran to {result.Samples.Take(Kept).Min(s => s.Length)} tokens");
        }
        Console.WriteLine($"  stopped rows took part in at most {maxExtra} decode step(s) after StopSamples (1 = the step already running)");
        return series;
    }

    private static async Task UntilStep(GenerationScheduler scheduler, long step, Task running)
    {
        while (scheduler.Stats.Steps < step)
        {
            if (running.IsCompleted) throw new InvalidOperationException($"The request ended before decode step {step}: too few tokens for this benchmark.");
            await Task.Delay(1);
        }
    }

    /// <summary>The mean time of the next <paramref name="steps"/> decode steps (polled: the mean absorbs the polling).</summary>
    private static async Task<(TimeSpan PerStep, long Steps)> TimeSteps(GenerationScheduler scheduler, int steps, Task running)
    {
        var clock = Stopwatch.StartNew();
        var start = scheduler.Stats.Steps;
        await UntilStep(scheduler, start + steps, running);
        var done = scheduler.Stats.Steps - start;
        return (clock.Elapsed / done, done);
    }
}
