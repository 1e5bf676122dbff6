using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Selection;

namespace Inference.Pipeline.Tests;

/// <summary>
/// Only the first wave of a run meets the scheduler's queue bound, and its refusal faults the task before RunAsync
/// returns (the server starts a call's other prompts only after that). A bound of zero refuses every new submission,
/// so each outcome here is decided by the admission rule, not by timing.
/// </summary>
public sealed class AdmissionTests : IAsyncLifetime
{
    private static readonly Lazy<ModelPackage> Package = new(() =>
        ModelPackage.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-llama", "fp32"), new ModelPackageOptions { IntraOpThreads = 1 }));

    private GenerationScheduler scheduler = null!;
    private TestTimeScalingPipeline pipeline = null!;

    public Task InitializeAsync()
    {
        scheduler = new GenerationScheduler(Package.Value, new SchedulerOptions { MaxQueuedRequests = 0 });
        pipeline = new TestTimeScalingPipeline(scheduler);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scheduler.DisposeAsync();

    private static PipelineRequest Request(QueueAdmission admission) => new(
        Package.Value.Tokenizer.Encode("Compute 2+3.", addSpecialTokens: false), "Compute 2+3.", null,
        new SamplingParams { Seed = 5, MaxTokens = 4, IgnoreEos = true },
        new TestTimeScalingOptions
        {
            Samples = 6, Answer = new AnswerExtractionSpec(AnswerFormat.Regex, "^(?<answer>.)"),
            // A window of 6 over waves of 2: no wave before the budget can stop it, so three waves run.
            EarlyStop = new EarlyStopSpec("esc", Window: 6, WaveSize: 2),
        })
    {
        Admission = admission,
    };

    [Fact]
    public async Task A_refused_first_wave_faults_the_run_before_it_returns()
    {
        var run = pipeline.RunAsync(Request(QueueAdmission.New));
        Assert.True(run.IsFaulted);
        await Assert.ThrowsAsync<QueueFullException>(() => run);
    }

    [Fact]
    public async Task Every_wave_after_admission_queues_whatever_the_bound()
    {
        var result = await pipeline.RunAsync(Request(QueueAdmission.FollowUp));
        Assert.Equal(3, result.Cost.Waves);
        Assert.Equal(6, result.Cost.Samples);
    }
}
