using System.Collections.Concurrent;

namespace Inference.Engine.Tokenization.Models;

/// <summary>
/// Thread-safe piece -> ids cache. Bounded like the reference implementation's: once full it stops admitting
/// entries, so memory stays fixed while the common words of a workload (seen first) stay cached.
/// </summary>
internal sealed class BpeCache
{
    public const int MaxCachedPieceLength = 256;

    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private int _count;

    public BpeCache(int capacity)
    {
        _capacity = capacity;
        _bySpan = new ConcurrentDictionary<string, int[]>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(ReadOnlySpan<char> piece, out int[] ids) => _bySpan.TryGetValue(piece, out ids!);

    public void Add(ReadOnlySpan<char> piece, int[] ids)
    {
        if (piece.Length > MaxCachedPieceLength || Volatile.Read(ref _count) >= _capacity)
        {
            return;
        }
        if (_bySpan.TryAdd(piece, ids))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
