using Inference.Engine.Generation;

namespace Inference.Pipeline.Sources;

/// <summary>
/// Samples from this process's engine: one scheduler request per draw (one prefill, Count decode rows), sample i of
/// the draw seeded FirstSeed + i. The submission happens before the first await, so a refusal at admission (a full
/// queue) faults the returned task at once.
/// </summary>
public sealed class LocalSampleSource(GenerationScheduler scheduler, string name = LocalSampleSource.DefaultName) : ISampleSource
{
    public const string DefaultName = "local";

    public string Name => name;

    public GenerationScheduler Scheduler => scheduler;

    public bool CanDraw(SampleDraw draw) => true;

    public Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, CancellationToken cancellationToken) =>
        DrawAsync(draw, progress, null, cancellationToken);

    /// <summary>Draws as <see cref="DrawAsync(SampleDraw, SamplingProgress, CancellationToken)"/>, showing every event to
    /// <paramref name="observer"/> first (several draws of one request may run at once and share
    /// <paramref name="progress"/>).</summary>
    internal async Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, IDrawObserver? observer, CancellationToken cancellationToken)
    {
        var count = draw.Count;
        var stream = progress.Wanted || observer is not null;
        GenerationHandle handle;
        try
        {
            // Candidates carry their samples' log-probabilities (mean_logprob weights, reports), so every token is scored.
            handle = scheduler.Submit(new GenerationRequest
            {
                PromptTokens = draw.PromptTokens,
                Samples = count,
                Sampling = draw.Sampling with { Seed = draw.FirstSeed, ScoreSamples = true },
                Stream = stream,
                Admission = draw.Admission,
            }, cancellationToken);
        }
        catch
        {
            observer?.Ended();
            throw;
        }
        if (stream)
        {
            var tokensOf = new int[count];
            var sinceReport = 0;
            progress.Started();
            try
            {
                await foreach (var e in handle.Events(CancellationToken.None).ConfigureAwait(false))
                {
                    if (observer is not null) await observer.ObserveAsync(e, handle, cancellationToken).ConfigureAwait(false);
                    switch (e)
                    {
                        case TokenGenerated t:
                            // Counted at once, so that a report from another draw sharing the progress includes it.
                            progress.CountTokens(1);
                            tokensOf[t.SampleIndex]++;
                            // About one report per decode step (a draw decodes up to `count` rows at once): the rows of a
                            // batch tend to finish together, so sample counts alone would sit at 0 until the draw ends.
                            if (++sinceReport < count) continue;
                            progress.Report();
                            break;
                        case SampleCompleted c:
                            // The sample's own length is the count that usage reports (it includes a final stop token).
                            progress.Samples(name, 1, c.Result.Length - tokensOf[c.SampleIndex]);
                            tokensOf[c.SampleIndex] = c.Result.Length;
                            break;
                        default:
                            continue;
                    }
                    sinceReport = 0;
                }
            }
            finally
            {
                observer?.Ended();
            }
        }
        var result = await handle.Completion.ConfigureAwait(false);
        return DrawnSamples.From(name, result with { Samples = result.Samples.Select(s => s with { Index = draw.First + s.Index }).ToList() });
    }
}
