using System.Collections.Concurrent;

namespace Inference.Engine.Tokenization.Models;

/// <summary>
/// Thread-safe piece -> ids cache. Bounded like the reference implementation's: once full it stops admitting
/// entries, so memory stays fixed while the common words of a workload (seen first) stay cached.
/// </summary>
internal sealed class BpeCache(int capacity)
{
    public const int MaxCachedPieceLength = 256;

    private readonly ConcurrentDictionary<string, int[]> _entries = new(StringComparer.Ordinal);
    private int _count;

    public bool TryGet(ReadOnlySpan<char> piece, out int[] ids) =>
        _entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(piece, out ids!);

    public void Add(ReadOnlySpan<char> piece, int[] ids)
    {
        if (piece.Length > MaxCachedPieceLength || Volatile.Read(ref _count) >= capacity)
        {
            return;
        }
        if (_entries.GetAlternateLookup<ReadOnlySpan<char>>().TryAdd(piece, ids))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
