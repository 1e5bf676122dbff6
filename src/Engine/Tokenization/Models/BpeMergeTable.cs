using System.Text.Json;

namespace Inference.Engine.Tokenization.Models;

/// <summary>BPE merges keyed by the (left id, right id) pair; the value packs the merge's rank and the merged id.</summary>
internal sealed class BpeMergeTable
{
    private readonly Dictionary<long, long> _merges;

    private BpeMergeTable(Dictionary<long, long> merges) => _merges = merges;

    public int Count => _merges.Count;

    public bool TryGet(int left, int right, out int rank, out int mergedId)
    {
        if (_merges.TryGetValue(Key(left, right), out var packed))
        {
            rank = (int)(packed >> 32);
            mergedId = (int)packed;
            return true;
        }
        rank = 0;
        mergedId = 0;
        return false;
    }

    /// <summary>Reads merges written as "a b" strings (older files) or as ["a", "b"] pairs; the position is the rank.</summary>
    public static BpeMergeTable FromJson(JsonElement merges, Vocabulary vocabulary, string? continuingSubwordPrefix, JsonReading json)
    {
        if (merges.ValueKind != JsonValueKind.Array)
        {
            throw json.Error("model.merges must be an array");
        }
        var table = new Dictionary<long, long>(merges.GetArrayLength(), PairKeyComparer.Instance);
        var rank = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            var (left, right) = ParseMerge(merge, rank, json);
            if (!vocabulary.TryGetId(left, out var leftId) || !vocabulary.TryGetId(right, out var rightId))
            {
                throw json.Error($"merge {rank} ('{left}' '{right}') uses a token that is not in the vocabulary");
            }
            var prefixLength = continuingSubwordPrefix is { Length: > 0 } prefix && right.StartsWith(prefix, StringComparison.Ordinal)
                ? prefix.Length
                : 0;
            var merged = string.Concat(left, right.AsSpan(prefixLength));
            if (!vocabulary.TryGetId(merged, out var mergedId))
            {
                throw json.Error($"merge {rank} produces '{merged}', which is not in the vocabulary");
            }
            table[Key(leftId, rightId)] = ((long)rank << 32) | (uint)mergedId;
            rank++;
        }
        return new BpeMergeTable(table);
    }

    private static (string Left, string Right) ParseMerge(JsonElement merge, int rank, JsonReading json)
    {
        if (merge.ValueKind == JsonValueKind.String)
        {
            var text = merge.GetString()!;
            var space = text.IndexOf(' ');
            if (space <= 0 || space == text.Length - 1 || text.IndexOf(' ', space + 1) >= 0)
            {
                throw json.Error($"merge {rank} '{text}' is not two tokens separated by one space");
            }
            return (text[..space], text[(space + 1)..]);
        }
        if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
            && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
        {
            return (merge[0].GetString()!, merge[1].GetString()!);
        }
        throw json.Error($"merge {rank} is neither \"a b\" nor [\"a\", \"b\"]");
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>
    /// long's own hash is left ^ right, which piles the many merges between small ids into few buckets;
    /// a multiplicative (Fibonacci) hash spreads them.
    /// </summary>
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
