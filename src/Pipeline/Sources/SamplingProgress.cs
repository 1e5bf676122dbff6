namespace Inference.Pipeline.Sources;

/// <summary>
/// Counts a request's sampling progress across sources (which may report from several threads at once) and forwards
/// it, in order, as <see cref="PipelineProgress"/>: samples done of those planned, tokens so far, and samples by source.
/// </summary>
public sealed class SamplingProgress
{
    private readonly IProgress<PipelineProgress>? sink;
    private readonly int planned;
    private readonly Dictionary<string, int> bySource = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int done;
    private int tokens;

    private readonly bool reportSources;

    /// <param name="reportSources">Report samples by source (a pool of sources; a single source would only repeat the total).</param>
    public SamplingProgress(IProgress<PipelineProgress>? sink, int planned, int doneBefore, int tokensBefore, bool reportSources = false)
    {
        this.reportSources = reportSources;
        this.sink = sink;
        this.planned = planned;
        done = doneBefore;
        tokens = tokensBefore;
    }

    /// <summary>Whether anyone listens (sources skip per-token work when not).</summary>
    public bool Wanted => sink is not null;

    /// <summary>Reports the current state (a draw starting).</summary>
    public void Started() => Update(0, 0, null);

    public void Tokens(int count) => Update(0, count, null);

    /// <summary>Samples finished by a source, with the tokens not yet counted through <see cref="Tokens"/>.</summary>
    public void Samples(string source, int count, int tokenCount) => Update(count, tokenCount, source);

    private void Update(int samples, int tokenCount, string? source)
    {
        if (sink is null) return;
        lock (gate)
        {
            done += samples;
            tokens += tokenCount;
            if (source is not null && reportSources) bySource[source] = bySource.GetValueOrDefault(source) + samples;
            sink.Report(new PipelineProgress("sampling", done, planned, tokens)
            {
                SamplesBySource = bySource.Count == 0 ? null : new Dictionary<string, int>(bySource, StringComparer.Ordinal),
            });
        }
    }
}
