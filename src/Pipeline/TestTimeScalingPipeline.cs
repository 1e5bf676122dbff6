using System.Diagnostics;
using Inference.Engine.Generation;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline;

/// <summary>
/// Sample -> extract answers -> verify -> select, in process. The N samples of a prompt are one scheduler request
/// (one prefill, N decode rows); with early stopping they come in waves (one request per wave, seeds continuing
/// where the previous wave stopped) until the stopping rule or the budget says stop. Admission is a promise: only the
/// first wave can be refused by a full queue; later waves are follow-ups of an admitted request, which always queue.
/// </summary>
public sealed class TestTimeScalingPipeline(GenerationScheduler scheduler, VerifierCatalog? catalog = null, SelectionStrategyRegistry? strategies = null)
{
    private readonly VerifierCatalog catalog = catalog ?? new VerifierCatalog();
    private readonly SelectionStrategyRegistry strategies = strategies ?? SelectionStrategyRegistry.Default;

    public GenerationScheduler Scheduler => scheduler;

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
        var (strategy, extractor, runner) = (prepared.Strategy, prepared.Extractor, new VerifierRunner(prepared.Verifiers, prepared.RewardFrom));

        var samples = new List<SampleResult>();
        var candidates = new List<Candidate>();
        var baseSeed = request.Sampling.Seed ?? Random.Shared.Next();
        StopDecision? decision = null;
        var waves = 0;
        var promptTokens = 0;
        var stopper = options.EarlyStop?.CreateStopper(options.Samples);
        var next = stopper?.FirstWaveSize ?? options.Samples;
        while (next > 0)
        {
            waves++;
            var sampling = request.Sampling with { Seed = baseSeed + samples.Count };
            var admission = waves == 1 ? request.Admission : QueueAdmission.FollowUp;
            var result = await SampleAsync(request.PromptTokens, next, sampling, admission, samples.Count, samples.Sum(s => s.Length), options.Samples,
                progress, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            promptTokens += result.PromptTokens;
            foreach (var sample in result.Samples)
            {
                var index = samples.Count;
                samples.Add(sample with { Index = index });
                candidates.Add(new Candidate(index, sample.Text, sample.Length, sample.LogprobSum).WithAnswerFrom(extractor));
            }
            if (stopper is null) break;
            decision = stopper.AfterWave(candidates);
            next = decision.Stop ? 0 : decision.NextWaveSize;
        }
        var sampled = Stopwatch.GetTimestamp();

        progress?.Report(new PipelineProgress("verifying", samples.Count, samples.Count, samples.Sum(s => s.Length)));
        var verification = await runner.RunAsync(new VerificationRequest(request.Prompt, options.ReferenceAnswer, request.RenderedPrompt),
            candidates, cancellationToken).ConfigureAwait(false);
        var verified = Stopwatch.GetTimestamp();

        string? fallback = null;
        SelectionResult selection;
        try
        {
            selection = strategy.Select(verification.Candidates, options.ToSelectionOptions());
        }
        catch (MissingSignalException ex)
        {
            // A verifier that failed leaves candidates without a reward: vote instead of failing the request.
            fallback = $"{options.Strategy} could not rank ({ex.Message}); fell back to majority voting.";
            selection = strategies.Get(SelectionStrategyNames.Majority).Select(verification.Candidates, options.ToSelectionOptions());
        }
        var selected = Stopwatch.GetTimestamp();

        return new PipelineResult(selection, verification.Candidates, samples, verification.Runs, decision, fallback,
            new PipelineCost(samples.Count, waves, promptTokens, samples.Sum(s => s.Length),
                Stopwatch.GetElapsedTime(started, sampled), Stopwatch.GetElapsedTime(sampled, verified),
                Stopwatch.GetElapsedTime(verified, selected), Stopwatch.GetElapsedTime(started, selected)));
    }

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
        return new PreparedSelection(options, strategy, extractor, verifiers, rewardFrom);
    }

    private async Task<GenerationResult> SampleAsync(IReadOnlyList<int> prompt, int count, Engine.Sampling.SamplingParams sampling,
        QueueAdmission admission, int doneBefore, int tokensBefore, int planned, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        // Candidates carry their samples' log-probabilities (mean_logprob weights, reports), so every token is scored.
        var request = new GenerationRequest
        {
            PromptTokens = prompt, Samples = count, Sampling = sampling with { ScoreSamples = true }, Stream = progress is not null, Admission = admission,
        };
        var handle = scheduler.Submit(request, cancellationToken);
        if (progress is not null)
        {
            var done = doneBefore;
            var tokens = tokensBefore;
            var tokensOf = new int[count];
            var sinceReport = 0;
            progress.Report(new PipelineProgress("sampling", done, planned, tokens));
            await foreach (var e in handle.Events(CancellationToken.None).ConfigureAwait(false))
            {
                switch (e)
                {
                    case TokenGenerated t:
                        tokens++;
                        tokensOf[t.SampleIndex]++;
                        // About one report per decode step (a wave decodes up to `count` rows at once): the rows of a
                        // batch tend to finish together, so sample counts alone would sit at 0 until the wave ends.
                        if (++sinceReport < count) continue;
                        break;
                    case SampleCompleted c:
                        // The sample's own length is the count that usage reports (it includes a final stop token).
                        tokens += c.Result.Length - tokensOf[c.SampleIndex];
                        tokensOf[c.SampleIndex] = c.Result.Length;
                        done++;
                        break;
                    default:
                        continue;
                }
                sinceReport = 0;
                progress.Report(new PipelineProgress("sampling", done, planned, tokens));
            }
        }
        return await handle.Completion.ConfigureAwait(false);
    }
}
