using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// The queue bound refuses new requests only: follow-up work of an admitted request (a later wave, another prompt of
/// the same call) always queues. A bound of zero makes every new submission meet a "full" queue, so no timing decides.
/// </summary>
public sealed class QueueAdmissionTests : IAsyncLifetime
{
    private static readonly int[] Prompt = [464, 318, 257, 332];
    private GenerationScheduler scheduler = null!;

    public Task InitializeAsync()
    {
        scheduler = new GenerationScheduler(ModelFixtures.Gpt2, new SchedulerOptions { MaxBatchRows = 8, MaxQueuedRequests = 0 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scheduler.DisposeAsync();

    private static GenerationRequest Request(QueueAdmission admission) => new()
    {
        PromptTokens = Prompt, Samples = 2, Stream = false, Admission = admission,
        Sampling = new SamplingParams { Seed = 3, MaxTokens = 4, IgnoreEos = true },
    };

    [Fact]
    public void A_new_request_meets_the_bound()
    {
        Assert.Equal(QueueAdmission.New, new GenerationRequest { PromptTokens = Prompt }.Admission);
        Assert.Throws<QueueFullException>(() => scheduler.Submit(Request(QueueAdmission.New)));
        Assert.Equal(0, scheduler.Stats.QueuedRequests);
    }

    [Fact]
    public async Task Follow_up_work_is_queued_past_the_bound_and_runs()
    {
        var handles = Enumerable.Range(0, 3).Select(_ => scheduler.Submit(Request(QueueAdmission.FollowUp))).ToList();
        var results = await Task.WhenAll(handles.Select(h => h.Completion));
        Assert.All(results, r => Assert.Equal(8, r.CompletionTokens));
    }
}
