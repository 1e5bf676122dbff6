namespace Inference.Bench.Tokenizers;

/// <summary>Times of repeated runs over the same input, reported as MB/s (10^6 UTF-8 bytes per second).</summary>
internal sealed record ThroughputSample(string Name, IReadOnlyList<double> Seconds, long Bytes, long Tokens, uint Checksum)
{
    /// <summary>Managed bytes allocated per timed run, when measured.</summary>
    public long? AllocatedBytesPerRun { get; init; }

    private IEnumerable<double> MegabytesPerSecond => Seconds.Select(s => Bytes / s / 1e6);

    public double Median
    {
        get
        {
            var sorted = MegabytesPerSecond.Order().ToArray();
            return sorted.Length % 2 == 1
                ? sorted[sorted.Length / 2]
                : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public double Min => MegabytesPerSecond.Min();

    public double Max => MegabytesPerSecond.Max();

    public override string ToString() =>
        $"{Name,-46} median {Median,8:F2} MB/s  (min {Min:F2}, max {Max:F2}, {Seconds.Count} runs)  {Tokens} tokens"
        + (AllocatedBytesPerRun is { } bytes ? $"  {(double)bytes / Tokens:F1} B allocated/token" : "");
}
