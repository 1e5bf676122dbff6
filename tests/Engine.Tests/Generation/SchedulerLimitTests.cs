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
    public async Task TheKvBudgetSetsEachRowsCapacityAndCountsWhatIsAllocated()
    {
        // GPT-2's graph returns a new present, so its rows are allocated twice: 8 rows x 2 copies x 23 positions = 368.
        await using var scheduler = new GenerationScheduler(ModelFixtures.Gpt2, new SchedulerOptions { MaxBatchRows = 8, MaxKvTokens = 368 });
        Assert.Equal(23, scheduler.RowCapacity);
        Assert.Equal(368, scheduler.AllocatedKvTokens);

        // A one-row request holds the loop while three requests of two rows are queued, so the three join together; while
        // the loop is held again inside their sixth token, the rows they all hold are what is counted.
        using var first = new StepGate(atToken: 1);
        var p = new SamplingParams { Seed = 2, MaxTokens = 20, IgnoreEos = true };
        var blocker = scheduler.GenerateAsync(new GenerationRequest { PromptTokens = Prompt, Sampling = p with { TemperatureSchedule = first } });
        await first.Reached.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        // A gate blocks any thread but the one that made it, and submitting calls the schedule: make it on this thread.
        using var joined = new StepGate(atToken: 5);
        var requests = Enumerable.Range(0, 3).Select(_ => scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = Prompt, Samples = 2, Sampling = p with { TemperatureSchedule = joined },
        })).ToArray();
        first.Release();
        // Off xunit's two-thread context: the assertions must run while the gate holds, not after a queue of other tests.
        await joined.Reached.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        Assert.Equal(7, scheduler.Stats.ActiveRows);
        Assert.Equal(7 * 2 * 23, scheduler.Stats.ReservedKvTokens);
        joined.Release();
        Assert.All(await Task.WhenAll(requests.Append(blocker)), r => Assert.All(r.Samples, s => Assert.Equal(20, s.Length)));
        Assert.Equal((0, 0L), (scheduler.Stats.ActiveRows, scheduler.Stats.ReservedKvTokens));

        // A prompt plus max_tokens beyond a row's capacity can never run: refused at once, naming max_tokens.
        var tooLong = Assert.Throws<RequestTooLargeException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Sampling = p with { MaxTokens = 21 } }));
        Assert.Equal("max_tokens", tooLong.Parameter);
        Assert.Contains("23 positions a batch row holds", tooLong.Message);
    }

    [Fact]
    public async Task RequestsWaitForFreeRowsAndRunWhenARowIsFreed()
    {
        await using var scheduler = new GenerationScheduler(ModelFixtures.Gpt2, new SchedulerOptions { MaxBatchRows = 3, MaxKvTokens = 10_000 });
        using var gate = new StepGate(atToken: 2);
        var p = new SamplingParams { Seed = 3, MaxTokens = 6, IgnoreEos = true };
        var holding = scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 2, Sampling = p with { TemperatureSchedule = gate } });
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        // Two of three rows are busy: a request for two more waits at the head of the queue, one for a single row would too (in order).
        var waiting = scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 2, Sampling = p, Stream = false });
        await Eventually.TrueAsync(() => scheduler.Stats.QueuedRequests == 1, "the second request waits in the queue");
        Assert.Equal(2, scheduler.Stats.ActiveRows);
        gate.Release();
        Assert.All((await holding.Completion).Samples, s => Assert.Equal(6, s.Length));
        var result = await waiting.Completion;
        Assert.All(result.Samples, s => Assert.Equal(6, s.Length));
        Assert.True(result.QueueTime > TimeSpan.Zero);
    }
}
