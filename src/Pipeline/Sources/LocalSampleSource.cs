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

    public async Task<DrawnSamples> DrawAsync(SampleDraw draw, SamplingProgress progress, CancellationToken cancellationToken)
    {
        var count = draw.Count;
        // Candidates carry their samples' log-probabilities (mean_logprob weights, reports), so every token is scored.
        var handle = scheduler.Submit(new GenerationRequest
        {
            PromptTokens = draw.PromptTokens,
            Samples = count,
            Sampling = draw.Sampling with { Seed = draw.FirstSeed, ScoreSamples = true },
            Stream = progress.Wanted,
            Admission = draw.Admission,
        }, cancellationToken);
        if (progress.Wanted)
        {
            var tokensOf = new int[count];
            var sinceReport = 0;
            progress.Started();
            var pendingTokens = 0;
            await foreach (var e in handle.Events(CancellationToken.None).ConfigureAwait(false))
            {
                switch (e)
                {
                    case TokenGenerated t:
                        pendingTokens++;
                        tokensOf[t.SampleIndex]++;
                        // About one report per decode step (a draw decodes up to `count` rows at once): the rows of a
                        // batch tend to finish together, so sample counts alone would sit at 0 until the draw ends.
                        if (++sinceReport < count) continue;
                        progress.Tokens(pendingTokens);
                        break;
                    case SampleCompleted c:
                        // The sample's own length is the count that usage reports (it includes a final stop token).
                        progress.Samples(name, 1, pendingTokens + c.Result.Length - tokensOf[c.SampleIndex]);
                        tokensOf[c.SampleIndex] = c.Result.Length;
                        break;
                    default:
                        continue;
                }
                pendingTokens = 0;
                sinceReport = 0;
            }
        }
        var result = await handle.Completion.ConfigureAwait(false);
        return DrawnSamples.From(name, result with { Samples = result.Samples.Select(s => s with { Index = draw.First + s.Index }).ToList() });
    }
}
