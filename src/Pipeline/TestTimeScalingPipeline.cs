using System.Diagnostics;
using Inference.Engine.Generation;
using Inference.Pipeline.Sources;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline;

/// <summary>
/// Sample -> extract answers -> verify -> select, in process. The N samples of a prompt are one scheduler request
/// (one prefill, N decode rows); with early stopping they come in waves (one request per wave, seeds continuing
/// where the previous wave stopped) until the stopping rule or the budget says stop. Admission is a promise: only the
/// first wave can be refused by a full queue; later waves are follow-ups of an admitted request, which always queue.
/// </summary>
/// <remarks>The samples come from a <see cref="ISampleSource"/>: the local engine by default, or a pool spreading them
/// over replicas and OpenAI-compatible backends; verifiers, the reward model and selection always run here.</remarks>
/// <param name="scheduler">The local engine; null when every sample is drawn elsewhere (then <paramref name="source"/> is required).</param>
public sealed class TestTimeScalingPipeline(GenerationScheduler? scheduler, VerifierCatalog? catalog = null, SelectionStrategyRegistry? strategies = null,
    ISampleSource? source = null)
{
    private readonly VerifierCatalog catalog = catalog ?? new VerifierCatalog();
    private readonly SelectionStrategyRegistry strategies = strategies ?? SelectionStrategyRegistry.Default;
    private readonly ISampleSource source = source ?? new LocalSampleSource(scheduler
        ?? throw new ArgumentNullException(nameof(scheduler), "A pipeline without a local engine needs a sample source."));

    /// <summary>The local engine, if this pipeline has one.</summary>
    public GenerationScheduler? Scheduler => scheduler;

    public ISampleSource Source => source;

    public VerifierCatalog Catalog => catalog;

    /// <summary>Checks a request's options without running anything; throws <see cref="PipelineConfigurationException"/>.</summary>
    public void Validate(TestTimeScalingOptions options)
    {
        _ = Prepare(options);
    }

    /// <summary>
    /// Runs the request. The first wave is submitted before this method first yields, so a refusal at admission (a
    /// full queue, an invalid request) faults the returned task at once; callers rely on that to start other prompts of
    /// the same call only after this one was admitted.
    /// </summary>
    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var prepared = request.Prepared ?? Prepare(request.Options);
        var options = prepared.Options;
        if (options.Budget is { } budget) return (await RunBudgetedAsync([request with { Prepared = prepared }], budget, progress, cancellationToken).ConfigureAwait(false))[0];
        var samples = new PromptSamples(request.Sampling.Seed ?? Random.Shared.Next());
        StopDecision? decision = null;
        // Early rejection runs in one batch and its refills (Prepare refuses it with early_stop).
        var rejection = options.EarlyRejection is { } spec ? Rejection(request, prepared, spec) : null;
        if (rejection is not null)
        {
            var counter = new SamplingProgress(progress, options.Samples, 0, 0, rejections: () => (rejection.RejectedCount, rejection.Refilled));
            var drawn = await SampleWithRejectionAsync(samples.NextDraw(request, options.Samples, request.Admission), rejection, counter, cancellationToken)
                .ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var wave in drawn) samples.Add(wave, prepared.Extractor, rejection);
        }
        var stopper = options.EarlyStop?.CreateStopper(options.Samples);
        var next = rejection is null ? stopper?.FirstWaveSize ?? options.Samples : 0;
        while (next > 0)
        {
            var draw = samples.NextDraw(request, next, samples.Waves == 0 ? request.Admission : QueueAdmission.FollowUp);
            var counter = new SamplingProgress(progress, options.Samples, samples.Samples.Count, samples.CompletionTokens, source is not LocalSampleSource);
            var result = await source.DrawAsync(draw, counter, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            samples.Add(result, prepared.Extractor, null);
            if (stopper is null) break;
            decision = stopper.AfterWave(samples.Candidates);
            next = decision.Stop ? 0 : decision.NextWaveSize;
        }
        progress?.Report(new PipelineProgress("verifying", samples.Samples.Count, samples.Samples.Count, samples.CompletionTokens));
        return await SelectAsync(request, prepared, samples, decision, rejection?.Outcome(samples.Samples), null, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers many prompts from one sample budget (<see cref="BudgetAllocator"/>): every prompt gets a first wave, then
    /// each wave goes to the prompts whose vote is least settled until the budget is spent or every prompt is settled.
    /// A wave's prompts are sampled together (one request each, batched by the scheduler); sample i of prompt p uses
    /// seed(p) + i as in <see cref="RunAsync"/>. Results come back in prompt order. The first prompt's first wave is
    /// submitted before this method first yields, so a refusal at admission faults the returned task at once.
    /// </summary>
    public async Task<IReadOnlyList<PipelineResult>> RunBudgetedAsync(IReadOnlyList<PipelineRequest> requests, SampleBudget budget,
        IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(budget);
        if (requests.Count == 0) return [];
        var started = Stopwatch.GetTimestamp();
        var prepared = requests.Select(r => r.Prepared ?? Prepare(r.Options)).ToArray();
        if (prepared.Any(p => p.Options.EarlyStop is not null || p.Options.EarlyRejection is not null))
            throw new PipelineConfigurationException("test_time_scaling.budget", "budget allocates samples in waves itself: it cannot be combined with early_stop or early_rejection.");
        var allocator = budget.CreateAllocator(requests.Count);
        var prompts = requests.Select(r => new PromptSamples(r.Sampling.Seed ?? Random.Shared.Next())).ToArray();
        var wave = allocator.FirstWave();
        while (wave.Any(n => n > 0))
        {
            var waves = new List<Task<DrawnSamples>>();
            var sampledPrompts = new List<int>();
            for (var p = 0; p < requests.Count; p++)
            {
                if (wave[p] == 0) continue;
                var admission = p == 0 && prompts[p].Waves == 0 ? requests[p].Admission : QueueAdmission.FollowUp;
                waves.Add(source.DrawAsync(prompts[p].NextDraw(requests[p], wave[p], admission), new SamplingProgress(null, 0, 0, 0), cancellationToken));
                // A refusal at admission (full queue) ends the call before any other prompt starts.
                if (waves[0].IsFaulted) await waves[0].ConfigureAwait(false);
                sampledPrompts.Add(p);
            }
            var results = await Task.WhenAll(waves).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < results.Length; i++) prompts[sampledPrompts[i]].Add(results[i], prepared[sampledPrompts[i]].Extractor, null);
            progress?.Report(new PipelineProgress("sampling", allocator.Used, allocator.Budget, prompts.Sum(p => p.CompletionTokens)));
            wave = allocator.NextWave(prompts.Select(p => (IReadOnlyList<AnswerKey?>)p.Candidates.Select(c => c.Answer?.Key).ToList()).ToList());
        }
        progress?.Report(new PipelineProgress("verifying", allocator.Used, allocator.Used, prompts.Sum(p => p.CompletionTokens)));
        var selections = requests.Select((r, p) => SelectAsync(r, prepared[p], prompts[p], null, null,
            new BudgetShare(allocator.Budget, allocator.Used, requests.Count, allocator.Confidence[p]), started, cancellationToken));
        return await Task.WhenAll(selections).ConfigureAwait(false);
    }

    /// <summary>Verify the candidates, select, and account for the run.</summary>
    private async Task<PipelineResult> SelectAsync(PipelineRequest request, PreparedSelection prepared, PromptSamples samples, StopDecision? decision,
        RejectionOutcome? rejection, BudgetShare? budget, long started, CancellationToken cancellationToken)
    {
        var options = prepared.Options;
        var sampled = Stopwatch.GetTimestamp();
        var runner = new VerifierRunner(prepared.Verifiers, prepared.RewardFrom);
        var verification = await runner.RunAsync(new VerificationRequest(request.Prompt, options.ReferenceAnswer, request.RenderedPrompt),
            samples.Candidates, cancellationToken).ConfigureAwait(false);
        var verified = Stopwatch.GetTimestamp();

        string? fallback = null;
        SelectionResult selection;
        try
        {
            selection = prepared.Strategy.Select(verification.Candidates, options.ToSelectionOptions());
        }
        catch (MissingSignalException ex)
        {
            // A verifier that failed leaves candidates without a reward, or a backend returned no logprobs: vote instead of
            // failing the request, and say so (with the backends that lacked logprobs).
            fallback = $"{options.Strategy} could not rank ({ex.Message}{WithoutLogprobs(samples.Shares)}); fell back to majority voting.";
            selection = strategies.Get(SelectionStrategyNames.Majority).Select(verification.Candidates, options.ToSelectionOptions());
        }
        var selected = Stopwatch.GetTimestamp();

        return new PipelineResult(selection, verification.Candidates, samples.Samples, verification.Runs, decision, rejection, fallback,
            SourceShare.Merge(samples.Shares), samples.Shortfalls.Count == 0 ? null : string.Join(" ", samples.Shortfalls),
            new PipelineCost(samples.Samples.Count, samples.Waves, samples.PromptTokens, samples.CompletionTokens,
                Stopwatch.GetElapsedTime(started, sampled), Stopwatch.GetElapsedTime(sampled, verified),
                Stopwatch.GetElapsedTime(verified, selected), Stopwatch.GetElapsedTime(started, selected)))
        {
            Budget = budget,
            PromptLength = samples.PromptLength,
        };
    }

    /// <summary>Which backends returned samples without log-probabilities (the signal weighted strategies may need).</summary>
    private static string WithoutLogprobs(IEnumerable<SourceShare> shares) =>
        SourceShare.Merge(shares).Where(s => s.WithoutLogprobs > 0).Select(s => $" {s.Source} returned {s.WithoutLogprobs} sample(s) without logprobs.")
            is var lines && lines.Any() ? string.Concat(lines) : "";

    /// <summary>
    /// Builds what a request's selection runs (strategy, answer extractor, verifiers), checking that it can run:
    /// throws <see cref="PipelineConfigurationException"/> naming the field. Done once per request: the result goes
    /// in <see cref="PipelineRequest.Prepared"/>.
    /// </summary>
    public PreparedSelection Prepare(TestTimeScalingOptions options)
    {
        if (options.Samples < 1) throw new PipelineConfigurationException("test_time_scaling.samples", "samples must be >= 1.");
        if (options.K < 1 || options.K > options.Samples)
            throw new PipelineConfigurationException("test_time_scaling.k", $"k must be between 1 and samples ({options.Samples}); got {options.K}.");
        if (!strategies.TryGet(options.Strategy, out var strategy))
            throw new PipelineConfigurationException("test_time_scaling.strategy", $"Unknown strategy '{options.Strategy}'.");
        if (options.Strategy == SelectionStrategyNames.Verifier && options.Verifiers.Count == 0)
            throw new PipelineConfigurationException("test_time_scaling.verifiers", "The verifier strategy needs at least one verifier.");
        try
        {
            options.ToSelectionOptions().Validate();
        }
        catch (InvalidSelectionOptionsException ex)
        {
            throw new PipelineConfigurationException("test_time_scaling", ex.Message);
        }
        _ = options.EarlyStop?.CreateStopper(options.Samples);
        if (options.EarlyRejection is not null && options.EarlyStop is not null)
            throw new PipelineConfigurationException("test_time_scaling.early_rejection", "early_rejection cannot be combined with early_stop (waves).");
        IAnswerExtractor extractor;
        try
        {
            extractor = AnswerExtractors.Create(options.Answer);
        }
        catch (InvalidAnswerFormatException ex)
        {
            throw new PipelineConfigurationException("test_time_scaling.answer", ex.Message);
        }
        var (verifiers, rewardFrom) = catalog.Resolve(options, strategy.Needs(options.ToSelectionOptions()));
        if (options.EarlyRejection is not null && rewardFrom is null)
            throw new PipelineConfigurationException("test_time_scaling.early_rejection",
                $"early_rejection scores partial samples with the reward model: it needs a strategy that ranks by reward (best_of_n, best_of_majority, " +
                $"weighted_majority with weight reward) or the reward_model verifier; {options.Strategy} uses none.");
        if (options.EarlyRejection is not null && source is not LocalSampleSource)
            throw new PipelineConfigurationException("test_time_scaling.early_rejection",
                "early_rejection stops rows of this server's own batch; this model's samples are drawn from backends.");
        return new PreparedSelection(options, strategy, extractor, verifiers, rewardFrom);
    }

    private static EarlyRejectionRun Rejection(PipelineRequest request, PreparedSelection prepared, EarlyRejectionSpec spec)
    {
        var options = prepared.Options;
        var maxTokens = request.Sampling.MaxTokens;
        if (spec.Refill is { } refill && refill.Seats(maxTokens) < options.Samples)
            throw new PipelineConfigurationException("test_time_scaling.early_rejection.max_total_tokens",
                $"max_total_tokens ({refill.MaxTotalTokens}) must hold the first {options.Samples} samples' max_tokens ({options.Samples} x {maxTokens}).");
        return new EarlyRejectionRun(spec, maxTokens, prepared.Verifiers.First(v => v.Name == prepared.RewardFrom),
            new VerificationRequest(request.Prompt, options.ReferenceAnswer, request.RenderedPrompt), options.Samples, options.K);
    }

    /// <summary>
    /// Samples with early rejection: the first samples as one local draw, then each group of refills the run starts as
    /// another (samples [offset, offset + count), seeds base + j for sample j), all followed at once and sharing
    /// <paramref name="progress"/>. Returns every draw in seed order, once the last has ended (no refill can start after
    /// its starter ended).
    /// </summary>
    private async Task<IReadOnlyList<DrawnSamples>> SampleWithRejectionAsync(SampleDraw first, EarlyRejectionRun rejection, SamplingProgress progress,
        CancellationToken cancellationToken)
    {
        // Prepare refuses early rejection unless the samples are drawn locally.
        var local = (LocalSampleSource)source;
        var gate = new object();
        var started = new List<(int Offset, Task<DrawnSamples> Drawn)>();
        rejection.StartRefill = (offset, count) =>
        {
            var refill = local.DrawAsync(first.Slice(offset, count) with { Admission = QueueAdmission.FollowUp }, progress,
                rejection.Refill(offset, count), cancellationToken);
            lock (gate) started.Add((offset, refill));
        };
        // Submitted before the first await: a refusal at admission faults the run at once.
        var drawing = local.DrawAsync(first, progress, rejection.First(), cancellationToken);
        lock (gate) started.Add((0, drawing));
        while (true)
        {
            Task<DrawnSamples>[] running;
            lock (gate) running = started.Select(s => s.Drawn).ToArray();
            await Task.WhenAll(running).ConfigureAwait(false);
            lock (gate)
                if (started.Count == running.Length)
                    return started.OrderBy(s => s.Offset).Select(s => s.Drawn.Result).ToArray();
        }
    }
}
