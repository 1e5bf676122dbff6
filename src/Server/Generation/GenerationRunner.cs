using Inference.Engine.Generation;
using Inference.Pipeline;
using Inference.Selection;
using Inference.Server.Metrics;

namespace Inference.Server.Generation;

/// <summary>Runs prepared prompts on their model's scheduler or selection pipeline, translating cancellation by the
/// deadline into 504 and recording samples, tokens, time to first token and selection outcomes.</summary>
public sealed class GenerationRunner(ServerMetrics metrics)
{
    public async Task<GenerationResult> GenerateAsync(PreparedGeneration p, RequestDeadline deadline)
    {
        var handle = Submit(p, stream: false, deadline);
        GenerationResult result;
        try
        {
            result = await handle.Completion.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Cancelled(p, deadline);
            throw;
        }
        metrics.TimeToFirstToken.Observe((result.QueueTime + result.PrefillTime).TotalSeconds, p.Model.Id);
        metrics.CompletionTokens.Add(result.CompletionTokens, p.Model.Id);
        return result;
    }

    /// <summary>Submits with per-token events; throws at once (before any byte is written) when the scheduler refuses.</summary>
    public GenerationHandle Submit(PreparedGeneration p, bool stream, RequestDeadline deadline)
    {
        var scheduler = p.Model.Scheduler
                        ?? throw new InvalidOperationException($"'{p.Model.Id}' has no local engine: its plain requests are forwarded to its backends.");
        var handle = scheduler.Submit(new GenerationRequest
        {
            PromptTokens = p.PromptTokens,
            Samples = p.Samples,
            Sampling = p.Sampling,
            Stream = stream,
            PromptLogprobs = p.PromptLogprobs,
            Admission = p.Admission,
        }, deadline.Token);
        metrics.SamplesPerRequest.Observe(p.Samples, p.Model.Id);
        return handle;
    }

    public async Task<PipelineResult> RunScaledAsync(PreparedGeneration p, IProgress<PipelineProgress>? progress, RequestDeadline deadline)
    {
        PipelineResult result;
        try
        {
            result = await p.Model.Pipeline.RunAsync(Request(p), progress, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Cancelled(p, deadline);
            throw;
        }
        Record(p, result);
        return result;
    }

    /// <summary>The prompts of one request from one sample budget (test_time_scaling.budget); results in prompt order.
    /// The first prompt's admission is checked before anything else starts, as with <see cref="StartInOrder{T}"/>.</summary>
    public async Task<IReadOnlyList<PipelineResult>> RunBudgetedAsync(IReadOnlyList<PreparedGeneration> prompts, SampleBudget budget, RequestDeadline deadline)
    {
        var first = prompts[0];
        IReadOnlyList<PipelineResult> results;
        try
        {
            results = await first.Model.Pipeline.RunBudgetedAsync(prompts.Select(Request).ToList(), budget, null, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Cancelled(first, deadline);
            throw;
        }
        for (var i = 0; i < results.Count; i++) Record(prompts[i], results[i]);
        return results;
    }

    private static PipelineRequest Request(PreparedGeneration p) =>
        new(p.PromptTokens, p.UserPrompt, p.RenderedPrompt, p.Sampling, p.Selection!.Options)
        {
            Admission = p.Admission, Prepared = p.Selection, Upstream = p.Upstream,
        };

    private void Record(PreparedGeneration p, PipelineResult result)
    {
        metrics.SamplesPerRequest.Observe(result.Cost.Samples, p.Model.Id);
        metrics.CompletionTokens.Add(result.Cost.CompletionTokens, p.Model.Id);
        metrics.Selections.Increment(result.Selection.Explanation.Strategy);
        foreach (var run in result.VerifierRuns.Where(r => r.Unverified > 0)) metrics.VerifierFailures.Add(run.Unverified, run.Verifier);
    }

    /// <summary>
    /// Starts the work of a request's prompts in order. The first is the request's admission: its submission happens
    /// before <paramref name="start"/> first yields, so a refusal (a full queue) faults its task at once and is thrown
    /// here, before anything else starts or any byte is written. The others are follow-ups
    /// (<see cref="PreparedGeneration.Admission"/>), which the queue never refuses.
    /// </summary>
    public static List<T> StartInOrder<T>(IReadOnlyList<PreparedGeneration> prompts, Func<PreparedGeneration, int, T> start)
    {
        var first = start(prompts[0], 0);
        if (first is Task { IsFaulted: true } refused) refused.GetAwaiter().GetResult();
        return [first, .. prompts.Skip(1).Select((p, i) => start(p, i + 1))];
    }

    public void RecordFirstToken(PreparedGeneration p, TimeSpan elapsed) => metrics.TimeToFirstToken.Observe(elapsed.TotalSeconds, p.Model.Id);

    public void RecordTokens(PreparedGeneration p, int tokens) => metrics.CompletionTokens.Add(tokens, p.Model.Id);

    /// <summary>Deadline: 504. Client gone: counted, and the cancellation propagates (no one to answer).</summary>
    public void Cancelled(PreparedGeneration p, RequestDeadline deadline)
    {
        if (deadline.ClientGone) RecordDisconnect(p, deadline);
        deadline.ThrowIfExpired();
    }

    public void RecordDisconnect(PreparedGeneration p, RequestDeadline deadline)
    {
        if (deadline.FirstToCountDisconnect()) metrics.Disconnects.Increment(p.Model.Id);
    }

    /// <summary>The samples behind the chosen candidates, best first.</summary>
    public static IReadOnlyList<(Candidate Candidate, SampleResult Sample)> Chosen(PipelineResult result) =>
        result.Selection.Chosen.Select(c => (c, result.Samples[c.Index])).ToList();
}
