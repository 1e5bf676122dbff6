using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;
using Inference.Testing;

namespace Inference.Engine.Tests.Generation;

public sealed class SchedulerLimitTests
{
    private static readonly int[] Prompt = [464, 318, 257];

    [Fact]
    public async Task RequestsBeyondTheBatchWaitAndBeyondTheQueueAreRefused()
    {
        await using var scheduler = new GenerationScheduler(ModelFixtures.Gpt2,
            new SchedulerOptions { MaxBatchRows = 2, MaxQueuedRequests = 1, MaxKvTokens = 10_000 });
        // The decode loop parks inside a step (in the temperature schedule) until the test has looked, so the running
        // request holds both rows for as long as the assertions need: no timing window that a loaded machine can miss.
        using var gate = new StepGate(atToken: 3);
        var p = new SamplingParams { Seed = 1, MaxTokens = 50, IgnoreEos = true, TemperatureSchedule = gate };
        using var cts = new CancellationTokenSource();
        var running = scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 2, Sampling = p }, cts.Token);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, scheduler.Stats.ActiveRows);
        var waiting = scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 1, Sampling = p with { MaxTokens = 5 }, Stream = false });
        Assert.Equal(1, scheduler.Stats.QueuedRequests);
        var refused = Assert.Throws<QueueFullException>(() => scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Sampling = p }));
        Assert.Equal(1, refused.Capacity);

        cts.Cancel();
        gate.Release();
        var first = await running.Completion;
        Assert.All(first.Samples, s => Assert.Equal(FinishReason.Cancelled, s.FinishReason));
        var second = await waiting.Completion;
        Assert.Equal(5, second.Samples[0].Length);
        Assert.True(second.QueueTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task TheKvBudgetHoldsRequestsBackUntilRoomIsFreed()
    {
        // Each request reserves 2 x (3 + 20) = 46 positions; the budget fits one at a time.
        await using var scheduler = new GenerationScheduler(ModelFixtures.Gpt2, new SchedulerOptions { MaxBatchRows = 8, MaxKvTokens = 60 });
        var p = new SamplingParams { Seed = 2, MaxTokens = 20, IgnoreEos = true };
        var requests = Enumerable.Range(0, 3).Select(_ => scheduler.GenerateAsync(new GenerationRequest { PromptTokens = Prompt, Samples = 2, Sampling = p })).ToArray();
        var peak = 0;
        while (!Task.WhenAll(requests).IsCompleted)
        {
            peak = Math.Max(peak, scheduler.Stats.ActiveRows);
            Assert.True(scheduler.Stats.ReservedKvTokens <= 60);
            await Task.Delay(1);
        }
        Assert.All(await Task.WhenAll(requests), r => Assert.All(r.Samples, s => Assert.Equal(20, s.Length)));
        Assert.True(peak <= 2, $"peak rows {peak}");
        Assert.Throws<RequestTooLargeException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 3, Sampling = p }));
    }
}
