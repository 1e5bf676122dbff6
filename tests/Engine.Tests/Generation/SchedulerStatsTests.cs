using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;
using Inference.Testing;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// A caller that has a request's result sees Stats without that request: no read-after-complete lag. (Before the
/// scheduler published results after compacting, a reader lost this race 9 times in 600 under CPU load; on an idle
/// machine it almost never loses, so these tests repeat the check many times.)
/// </summary>
public sealed class SchedulerStatsTests
{
    private static readonly int[] Prompt = [464, 318, 257];

    [Fact]
    public async Task StatsAreReleasedBeforeAFinishedRequestCompletes()
    {
        await using var scheduler = new GenerationScheduler(ModelFixtures.Gpt2, new SchedulerOptions { MaxBatchRows = 8, MaxKvTokens = 10_000 });
        for (var i = 0; i < 100; i++)
        {
            var result = await scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = Prompt, Samples = 3, Sampling = new SamplingParams { Seed = i, MaxTokens = 2 + i % 3, IgnoreEos = true },
            });
            Assert.All(result.Samples, s => Assert.Equal(FinishReason.Length, s.FinishReason));
            Assert.Equal((0, 0L), (scheduler.Stats.ActiveRows, scheduler.Stats.ReservedKvTokens));
        }
    }

    [Fact]
    public async Task StatsAreReleasedBeforeACancelledRequestCompletes()
    {
        await using var scheduler = new GenerationScheduler(ModelFixtures.Gpt2, new SchedulerOptions { MaxBatchRows = 8, MaxKvTokens = 10_000 });
        for (var i = 0; i < 5; i++)
        {
            using var gate = new StepGate(atToken: 2);
            using var cts = new CancellationTokenSource();
            var handle = scheduler.Submit(new GenerationRequest
            {
                PromptTokens = Prompt, Samples = 2, Stream = false,
                Sampling = new SamplingParams { Seed = i, MaxTokens = 100, IgnoreEos = true, TemperatureSchedule = gate },
            }, cts.Token);
            await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, scheduler.Stats.ActiveRows);
            cts.Cancel();
            gate.Release();
            var result = await handle.Completion.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.All(result.Samples, s => Assert.Equal(FinishReason.Cancelled, s.FinishReason));
            Assert.Equal((0, 0L), (scheduler.Stats.ActiveRows, scheduler.Stats.ReservedKvTokens));
        }
    }
}
