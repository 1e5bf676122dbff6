using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;

namespace Inference.Bench.Engine;

/// <summary>
/// What it costs a request to join a running batch, as the batch holds more cached tokens: 16 rows of a running
/// request hold about 1k, then about 64k, cached positions, and newcomers (4 samples of a 32-token prompt, one token
/// each) are admitted one after another. Their admission time (prefill, copies into their own slots, first draw; not
/// the wait in the queue) should not grow with what the others hold: the ratio 64k/1k is the measure (target <= 1.5).
/// </summary>
internal static class AdmissionBenchmark
{
    private const int Rows = 16;
    private const int Newcomers = 9;

    public static async Task<IReadOnlyList<RatioSeries>> RunAsync(ModelPackage package, int repeats)
    {
        var context = package.Descriptor.ContextLength;
        if (context < 4200) throw new InvalidOperationException($"The model's context ({context}) must hold 4096 cached positions per row and more.");
        var options = new SchedulerOptions { MaxBatchRows = Rows + 4, MaxKvTokens = (long)(Rows + 4) * context * 2 };
        var vocab = package.Descriptor.VocabSize;
        int[] Ids(int length, int salt) => Enumerable.Range(0, length).Select(i => ((i * 31) + salt) % vocab).ToArray();
        var series = new RatioSeries("admission time while 16 rows hold 64k vs 1k cached positions", "target <= 1.5");
        var joinSeries = new RatioSeries("joining after the prefill (slot copies, first draw) while 16 rows hold 64k vs 1k", "no copy of other rows: flat");
        await using var scheduler = new GenerationScheduler(package, options);
        await Measure(scheduler, Ids(60, 1), Ids(32, 2), 16); // warm-up
        for (var r = 0; r < repeats; r++)
        {
            var small = await Measure(scheduler, Ids(60, 3 + r), Ids(32, 4), context - 200);
            var large = await Measure(scheduler, Ids(4090, 5 + r), Ids(32, 6), context - 4200);
            series.Add(large.Admission / small.Admission);
            joinSeries.Add(large.Join / small.Join);
            Console.WriteLine($"  run {r + 1}: admission holding ~1k {small.Admission.TotalMilliseconds:F2} ms, ~64k {large.Admission.TotalMilliseconds:F2} ms, " +
                              $"ratio {large.Admission / small.Admission:F3}; of which joining after the prefill {small.Join.TotalMilliseconds:F3} / " +
                              $"{large.Join.TotalMilliseconds:F3} ms, ratio {large.Join / small.Join:F3}");
        }
        return [series, joinSeries];
    }

    /// <summary>The median admission time of newcomers while a 16-row request with this prompt decodes.</summary>
    private static async Task<(TimeSpan Admission, TimeSpan Join)> Measure(GenerationScheduler scheduler, int[] heldPrompt, int[] newcomerPrompt, int heldTokens)
    {
        using var stop = new CancellationTokenSource();
        var held = scheduler.Submit(new GenerationRequest
        {
            PromptTokens = heldPrompt, Samples = Rows, Stream = false,
            Sampling = new SamplingParams { Temperature = 1.0, Seed = 1, MaxTokens = heldTokens, IgnoreEos = true },
        }, stop.Token);
        while (scheduler.Stats.ActiveRows < Rows) await Task.Delay(1);
        var times = new List<TimeSpan>();
        var joins = new List<TimeSpan>();
        for (var i = 0; i < Newcomers; i++)
        {
            var result = await scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = newcomerPrompt, Samples = 4,
                Sampling = new SamplingParams { Temperature = 1.0, Seed = 10 + i, MaxTokens = 1, IgnoreEos = true },
            });
            times.Add(result.AdmissionTime);
            joins.Add(result.AdmissionTime - result.PrefillTime);
        }
        stop.Cancel();
        await held.Completion;
        times.Sort();
        joins.Sort();
        return (times[times.Count / 2], joins[joins.Count / 2]);
    }
}
