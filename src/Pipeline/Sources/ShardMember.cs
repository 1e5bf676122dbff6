namespace Inference.Pipeline.Sources;

/// <summary>
/// A source in a pool with its capacity (how many samples it takes at once, relative to the others) and the samples
/// it is drawing now for all requests (outstanding work), which the pool balances. Shared by every request of the
/// process, so its counters are atomic.
/// </summary>
/// <param name="maxChunk">The most samples one request to it may ask for (a server's limit on n); larger shares are
/// sent as several chunks.</param>
public sealed class ShardMember(ISampleSource source, int capacity, int maxChunk = int.MaxValue)
{
    private int outstanding;

    public ISampleSource Source => source;

    public string Name => source.Name;

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be >= 1.");

    public int MaxChunk { get; } = maxChunk >= 1 ? maxChunk : throw new ArgumentOutOfRangeException(nameof(maxChunk), "maxChunk must be >= 1.");

    /// <summary>Samples this member is drawing now, across requests.</summary>
    public int Outstanding => Volatile.Read(ref outstanding);

    /// <summary>Load as a share of capacity, the pool's measure of least outstanding work.</summary>
    public double Load(int extra = 0) => (double)(Outstanding + extra) / Capacity;

    /// <summary>Counts samples as outstanding until the returned scope is disposed.</summary>
    public IDisposable Take(int samples)
    {
        Interlocked.Add(ref outstanding, samples);
        return new Release(this, samples);
    }

    private sealed class Release(ShardMember member, int samples) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) Interlocked.Add(ref member.outstanding, -samples);
        }
    }
}
