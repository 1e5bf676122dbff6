namespace Inference.Pipeline;

/// <summary>Progress of one early-rejection run's sampling, shared by the generation requests that run at once (the first samples and
/// their refills): samples finished, planned (refills raise it), tokens sampled, samples rejected and refilled.</summary>
internal sealed class RejectionProgress(IProgress<PipelineProgress> sink, int done, int tokens, int planned, EarlyRejectionRun? rejection)
{
    private readonly object gate = new();

    public void Tokens(int count)
    {
        lock (gate) tokens += count;
    }

    public void SampleDone()
    {
        lock (gate) done++;
    }

    public void Report()
    {
        // Under the lock, so that reports from concurrent requests reach the sink in order.
        lock (gate)
        {
            var refilled = rejection?.Refilled ?? 0;
            sink.Report(new PipelineProgress("sampling", done, planned + refilled, tokens, rejection?.RejectedCount ?? 0, refilled));
        }
    }
}
