using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Selection;
using Inference.Testing;

namespace Inference.Pipeline.Tests;

/// <summary>
/// The pipeline's mechanics on a random-weight model (its text is gibberish; answers are the first character):
/// waves and seeds, verifiers, fallbacks and configuration errors. Accuracy is tested on the bundled model.
/// </summary>
public sealed class TinyLlamaPipelineTests : IAsyncLifetime
{
    private static readonly Lazy<ModelPackage> Package = new(() =>
        ModelPackage.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny-llama", "fp32"), new ModelPackageOptions { IntraOpThreads = 1 }));

    private GenerationScheduler scheduler = null!;
    private TestTimeScalingPipeline pipeline = null!;

    private static readonly AnswerExtractionSpec FirstCharacter = new(AnswerFormat.Regex, "^(?<answer>.)");

    public Task InitializeAsync()
    {
        scheduler = new GenerationScheduler(Package.Value);
        pipeline = new TestTimeScalingPipeline(scheduler);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scheduler.DisposeAsync();

    private PipelineRequest Request(TestTimeScalingOptions options, long seed = 1) => new(
        Package.Value.Tokenizer.Encode(Package.Value.ApplyChatTemplate([new ChatMessage("user", "Compute 2+3.")]), addSpecialTokens: false),
        "Compute 2+3.", null, new SamplingParams { Seed = seed, MaxTokens = 8, IgnoreEos = true, Temperature = 1.5 }, options);

    [Fact]
    public async Task MajorityOverNSamplesExplainsTheVote()
    {
        var progress = new List<PipelineProgress>();
        var result = await pipeline.RunAsync(Request(new TestTimeScalingOptions { Samples = 12, Answer = FirstCharacter }),
            new SynchronousProgress<PipelineProgress>(progress.Add));
        Assert.Equal(12, result.Samples.Count);
        Assert.Equal(12, result.Cost.Samples);
        Assert.Equal(1, result.Cost.Waves);
        Assert.Equal(96, result.Cost.CompletionTokens);
        var chosen = Assert.Single(result.Selection.Chosen);
        var tallies = result.Selection.Explanation.Answers;
        Assert.Equal(12, tallies.Sum(t => t.Votes) + result.Selection.Explanation.Unanswered);
        Assert.Equal(tallies.Max(t => t.Votes), tallies[0].Votes);
        Assert.Equal(chosen.Index, tallies[0].BestCandidateIndex);
        Assert.Contains(progress, p => p.Stage == "sampling" && p.SamplesDone == 12);
        Assert.Null(result.Fallback);
    }

    [Fact]
    public async Task EarlyStoppingSamplesInWavesWithFreshSeeds()
    {
        var options = new TestTimeScalingOptions { Samples = 20, Answer = FirstCharacter, EarlyStop = new EarlyStopSpec("esc", Window: 4) };
        var result = await pipeline.RunAsync(Request(options, seed: 100));
        Assert.NotNull(result.EarlyStop);
        Assert.True(result.EarlyStop!.Stop);
        Assert.Equal(result.Samples.Count, result.EarlyStop.SamplesUsed);
        Assert.Equal((result.Samples.Count + 3) / 4, result.Cost.Waves);
        // Seeds continue across waves: sample i has seed 100 + i, so no two samples repeat a stream.
        Assert.Equal(Enumerable.Range(0, result.Samples.Count).Select(i => 100L + i), result.Samples.Select(s => s.Seed));
        Assert.Equal(Enumerable.Range(0, result.Samples.Count), result.Samples.Select(s => s.Index));
        if (result.EarlyStop.Rule == "window")
        {
            var lastWindow = result.Candidates.TakeLast(4).Select(c => c.Answer?.Key).ToArray();
            Assert.All(lastWindow, k => Assert.Equal(lastWindow[0], k));
        }
        else Assert.Equal(20, result.Samples.Count);
    }

    [Fact]
    public async Task VerifierStrategyKeepsOnlyAcceptedCandidates()
    {
        var options = new TestTimeScalingOptions
        {
            Strategy = SelectionStrategyNames.Verifier, Samples = 10, Answer = FirstCharacter,
            Verifiers = [new RegexVerifierSpec(["^[0-9]"], [])],
        };
        var result = await pipeline.RunAsync(Request(options));
        var passed = result.Candidates.Where(c => c.Verdicts["regex"].Status == VerdictStatus.Accepted).Select(c => c.Index).ToArray();
        Assert.Equal(passed, result.Selection.Explanation.Passed ?? []);
        if (passed.Length > 0) Assert.Contains(result.Selection.Best!.Index, passed);
        else Assert.NotNull(result.Selection.Explanation.Fallback);
        var run = Assert.Single(result.VerifierRuns);
        Assert.Equal(10, run.Accepted + run.Rejected);
    }

    [Fact]
    public void ConfigurationErrorsNameTheParameter()
    {
        Assert.Equal("test_time_scaling.strategy", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { Strategy = "best_of_n" })).Parameter);
        Assert.Equal("test_time_scaling.strategy", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { Strategy = "nope" })).Parameter);
        Assert.Equal("test_time_scaling.k", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { Samples = 2, K = 3 })).Parameter);
        Assert.Equal("test_time_scaling.answer", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { Answer = new AnswerExtractionSpec(AnswerFormat.Regex, "(unclosed") })).Parameter);
        Assert.Equal("test_time_scaling.verifiers[0].schema", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { Verifiers = [new JsonSchemaVerifierSpec("{\"type\": 12}")] })).Parameter);
        Assert.Equal("test_time_scaling.verifiers[0]", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { Verifiers = [new NamedVerifierSpec("unit-tests")] })).Parameter);
        Assert.Equal("test_time_scaling.reference_answer", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { Verifiers = [new ReferenceAnswerVerifierSpec()] })).Parameter);
        Assert.Equal("early_stop.rule", Assert.Throws<PipelineConfigurationException>(() =>
            pipeline.Validate(new TestTimeScalingOptions { EarlyStop = new EarlyStopSpec("sometimes") })).Parameter);
    }

    [Fact]
    public async Task CancellationStopsTheRun()
    {
        using var cts = new CancellationTokenSource();
        var request = Request(new TestTimeScalingOptions { Samples = 8 }) with { Sampling = new SamplingParams { MaxTokens = 90, IgnoreEos = true } };
        // Cancel as soon as sampling has started: the rows leave the batch at the next decode step.
        var run = pipeline.RunAsync(request, new SynchronousProgress<PipelineProgress>(_ => cts.Cancel()), cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // The scheduler publishes the cancelled result before it compacts the batch and writes the stats: wait for
        // that settled state (bounded) rather than reading it at the instant the run ends.
        await Eventually.TrueAsync(() => scheduler.Stats is { ActiveRows: 0, ReservedKvTokens: 0 }, "the cancelled rows leaving the batch");
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
