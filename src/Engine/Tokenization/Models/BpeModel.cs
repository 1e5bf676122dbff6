using System.Text;
using System.Text.Json;

namespace Inference.Engine.Tokenization.Models;

/// <summary>
/// Byte-pair encoding over the characters of a piece: each character (or, with byte_fallback, its UTF-8 bytes as
/// &lt;0xNN&gt; tokens) starts as a symbol, then adjacent pairs merge lowest rank first (leftmost on ties) until no
/// merge applies. Results are cached per piece. Safe for concurrent use.
/// </summary>
internal sealed class BpeModel : ITokenizerModel
{
    private readonly BpeMergeTable _merges;
    private readonly BpeCache _cache;
    private readonly bool _fuseUnknown;
    private readonly bool _ignoreMerges;
    private readonly string _continuingSubwordPrefix;
    private readonly string _endOfWordSuffix;
    private readonly int[]? _byteFallbackIds;
    private readonly int[] _singleCharIds;

    [ThreadStatic]
    private static BpeWorkspace? t_workspace;

    public BpeModel(
        Vocabulary vocabulary,
        BpeMergeTable merges,
        int unknownTokenId,
        bool fuseUnknown,
        bool byteFallback,
        bool ignoreMerges,
        string? continuingSubwordPrefix,
        string? endOfWordSuffix,
        int cacheCapacity)
    {
        Vocabulary = vocabulary;
        _merges = merges;
        UnknownTokenId = unknownTokenId;
        _fuseUnknown = fuseUnknown;
        _ignoreMerges = ignoreMerges;
        _continuingSubwordPrefix = continuingSubwordPrefix ?? "";
        _endOfWordSuffix = endOfWordSuffix ?? "";
        _cache = new BpeCache(cacheCapacity);
        if (byteFallback)
        {
            _byteFallbackIds = new int[256];
            for (var b = 0; b < 256; b++)
            {
                _byteFallbackIds[b] = vocabulary.TryGetId($"<0x{b:X2}>", out var id) ? id : -1;
            }
        }
        // Single BMP characters are looked up in a flat table; it is only valid without prefix/suffix decoration.
        _singleCharIds = new int[_continuingSubwordPrefix.Length == 0 && _endOfWordSuffix.Length == 0 ? 65536 : 0];
        if (_singleCharIds.Length > 0)
        {
            Span<char> one = stackalloc char[1];
            for (var c = 0; c < 65536; c++)
            {
                one[0] = (char)c;
                _singleCharIds[c] = vocabulary.TryGetId(one, out var id) ? id : -1;
            }
        }
    }

    public Vocabulary Vocabulary { get; }

    public int UnknownTokenId { get; }

    public static BpeModel FromJson(JsonElement model, JsonReading json, int cacheCapacity)
    {
        // "dropout" is a training-time regulariser; inference always applies the deterministic merges.
        var vocabulary = Vocabulary.FromJson(json.TryGetOrThrow(model, "vocab"), json);
        var prefix = json.OptionalString(model, "continuing_subword_prefix");
        var merges = BpeMergeTable.FromJson(json.TryGetOrThrow(model, "merges"), vocabulary, prefix, json);
        var unknown = json.OptionalString(model, "unk_token");
        var unknownId = -1;
        if (unknown is not null && !vocabulary.TryGetId(unknown, out unknownId))
        {
            throw json.Error($"unk_token '{unknown}' is not in the vocabulary");
        }
        return new BpeModel(
            vocabulary,
            merges,
            unknownId,
            json.Bool(model, "fuse_unk", false),
            json.Bool(model, "byte_fallback", false),
            json.Bool(model, "ignore_merges", false),
            prefix,
            json.OptionalString(model, "end_of_word_suffix"),
            cacheCapacity);
    }

    public void Encode(ReadOnlySpan<char> piece, List<int> ids)
    {
        if (piece.IsEmpty)
        {
            return;
        }
        if (_cache.TryGet(piece, out var cached))
        {
            ids.AddRange(cached);
            return;
        }
        if (_ignoreMerges && Vocabulary.TryGetId(piece, out var whole))
        {
            ids.Add(whole);
            return;
        }
        var workspace = t_workspace ??= new BpeWorkspace();
        var count = BuildSymbols(piece, workspace);
        Merge(workspace, count);
        var result = workspace.Collect(count);
        if (workspace.Ids.Length > BpeWorkspace.RetainedCapacity)
        {
            t_workspace = null; // a huge piece should not pin its buffers to this thread for good
        }
        _cache.Add(piece, result);
        ids.AddRange(result);
    }

    private int BuildSymbols(ReadOnlySpan<char> piece, BpeWorkspace workspace)
    {
        workspace.EnsureCapacity(piece.Length * 4 + 4);
        var symbols = workspace.Ids;
        var count = 0;
        var lastWasUnknown = false;
        for (var i = 0; i < piece.Length; i++)
        {
            var width = char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]) ? 2 : 1;
            var id = LookupSymbol(piece, i, width, workspace);
            if (id >= 0)
            {
                symbols[count++] = id;
                lastWasUnknown = false;
            }
            else if (_byteFallbackIds is not null && TryAddBytes(piece.Slice(i, width), symbols, ref count))
            {
                lastWasUnknown = false;
            }
            else if (UnknownTokenId >= 0)
            {
                if (!(_fuseUnknown && lastWasUnknown))
                {
                    symbols[count++] = UnknownTokenId;
                }
                lastWasUnknown = true;
            }
            // Without an unknown token an unrepresentable character is dropped, as the reference port does.
            i += width - 1;
        }
        return count;
    }

    private int LookupSymbol(ReadOnlySpan<char> piece, int index, int width, BpeWorkspace workspace)
    {
        if (width == 1 && _singleCharIds.Length > 0)
        {
            return _singleCharIds[piece[index]];
        }
        var prefix = index > 0 ? _continuingSubwordPrefix : "";
        var suffix = index + width == piece.Length ? _endOfWordSuffix : "";
        var key = workspace.KeyBuffer(prefix.Length + width + suffix.Length);
        prefix.CopyTo(key);
        piece.Slice(index, width).CopyTo(key[prefix.Length..]);
        suffix.CopyTo(key[(prefix.Length + width)..]);
        return Vocabulary.TryGetId(key, out var id) ? id : -1;
    }

    private bool TryAddBytes(ReadOnlySpan<char> character, int[] symbols, ref int count)
    {
        Span<byte> bytes = stackalloc byte[4];
        var length = Encoding.UTF8.GetBytes(character, bytes);
        for (var b = 0; b < length; b++)
        {
            if (_byteFallbackIds![bytes[b]] < 0)
            {
                return false;
            }
        }
        for (var b = 0; b < length; b++)
        {
            symbols[count++] = _byteFallbackIds![bytes[b]];
        }
        return true;
    }

    private void Merge(BpeWorkspace workspace, int count)
    {
        var symbols = workspace.Ids;
        var previous = workspace.Previous;
        var next = workspace.Next;
        var queue = workspace.Queue;
        queue.Clear();
        for (var i = 0; i < count; i++)
        {
            previous[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }
        for (var i = 0; i + 1 < count; i++)
        {
            Enqueue(queue, symbols, i, i + 1);
        }
        while (queue.TryDequeue(out var candidate, out _))
        {
            var position = candidate.Position;
            var right = next[position];
            // Skip stale entries: the left symbol was absorbed, or either side changed since the pair was queued.
            if (symbols[position] < 0 || right < 0
                || !_merges.TryGet(symbols[position], symbols[right], out _, out var mergedId) || mergedId != candidate.MergedId)
            {
                continue;
            }
            symbols[position] = mergedId;
            symbols[right] = -1;
            var afterRight = next[right];
            next[position] = afterRight;
            if (afterRight >= 0)
            {
                previous[afterRight] = position;
            }
            if (previous[position] >= 0)
            {
                Enqueue(queue, symbols, previous[position], position);
            }
            if (afterRight >= 0)
            {
                Enqueue(queue, symbols, position, afterRight);
            }
        }
    }

    private void Enqueue(PriorityQueue<(int Position, int MergedId), long> queue, int[] symbols, int left, int right)
    {
        if (_merges.TryGet(symbols[left], symbols[right], out var rank, out var mergedId))
        {
            queue.Enqueue((left, mergedId), ((long)rank << 32) | (uint)left);
        }
    }

    private sealed class BpeWorkspace
    {
        public const int RetainedCapacity = 1 << 16;

        private char[] _key = new char[32];

        public int[] Ids { get; private set; } = new int[64];

        public int[] Previous { get; private set; } = new int[64];

        public int[] Next { get; private set; } = new int[64];

        public PriorityQueue<(int Position, int MergedId), long> Queue { get; } = new();

        public void EnsureCapacity(int size)
        {
            if (Ids.Length < size)
            {
                Ids = new int[size];
                Previous = new int[size];
                Next = new int[size];
            }
        }

        public Span<char> KeyBuffer(int length)
        {
            if (_key.Length < length)
            {
                _key = new char[length * 2];
            }
            return _key.AsSpan(0, length);
        }

        public int[] Collect(int count)
        {
            var live = 0;
            for (var i = 0; i < count; i++)
            {
                if (Ids[i] >= 0)
                {
                    live++;
                }
            }
            var result = new int[live];
            var w = 0;
            for (var i = 0; i < count; i++)
            {
                if (Ids[i] >= 0)
                {
                    result[w++] = Ids[i];
                }
            }
            return result;
        }
    }
}
