namespace Inference.Pipeline.Sources;

/// <summary>
/// Counts a request's sampling progress across sources and draws (which may report from several threads at once) and
/// forwards it, in order, as <see cref="PipelineProgress"/>: samples done of those planned, tokens so far, samples by
/// source, and, under early rejection, samples rejected and refilled (refills raise the samples planned).
/// </summary>
public sealed class SamplingProgress
{
    private readonly IProgress<PipelineProgress>? sink;
    private readonly int planned;
    private readonly Dictionary<string, int> bySource = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly bool reportSources;
    private readonly Func<(int Rejected, int Refilled)>? rejections;
    private int done;
    private int tokens;

    /// <param name="reportSources">Report samples by source (a pool of sources; a single source would only repeat the total).</param>
    /// <param name="rejections">Samples rejected and refilled so far, read at each report (early rejection).</param>
    public SamplingProgress(IProgress<PipelineProgress>? sink, int planned, int doneBefore, int tokensBefore, bool reportSources = false,
        Func<(int Rejected, int Refilled)>? rejections = null)
    {
        this.reportSources = reportSources;
        this.rejections = rejections;
        this.sink = sink;
        this.planned = planned;
        done = doneBefore;
        tokens = tokensBefore;
    }

    /// <summary>Whether anyone listens (sources skip per-token work when not).</summary>
    public bool Wanted => sink is not null;

    /// <summary>Reports the current state (a draw starting).</summary>
    public void Started() => Report();

    /// <summary>Counts tokens sampled without reporting them (the next report includes them).</summary>
    public void CountTokens(int count)
    {
        if (sink is null) return;
        lock (gate) tokens += count;
    }

    /// <summary>Samples finished by a source, with the tokens not yet counted through <see cref="CountTokens"/>; reports.</summary>
    public void Samples(string source, int count, int tokenCount)
    {
        if (sink is null) return;
        lock (gate)
        {
            done += count;
            tokens += tokenCount;
            if (reportSources) bySource[source] = bySource.GetValueOrDefault(source) + count;
            Send();
        }
    }

    /// <summary>Reports the current state.</summary>
    public void Report()
    {
        if (sink is null) return;
        lock (gate) Send();
    }

    /// <summary>Sends the state to the sink; under the lock, so that reports from concurrent draws reach it in order.</summary>
    private void Send()
    {
        var (rejected, refilled) = rejections?.Invoke() ?? (0, 0);
        sink!.Report(new PipelineProgress("sampling", done, planned + refilled, tokens, rejected, refilled)
        {
            SamplesBySource = bySource.Count == 0 ? null : new Dictionary<string, int>(bySource, StringComparer.Ordinal),
        });
    }
}
