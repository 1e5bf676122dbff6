using System.Runtime.CompilerServices;
using Inference.Engine.Tokenization;

namespace Inference.Engine.Constraints;

/// <summary>
/// A model's vocabulary as constrained decoding sees it: the bytes of every token the grammar may use, their trie,
/// and which single bytes some token spells alone. A token is usable when its id has a logit (a tokenizer may know
/// more ids than the model's output has, e.g. the GPT-2 test export), it is not an added or special token (those
/// never appear inside a grammar: the stop tokens are handled apart), and it adds at least one byte to the text.
/// Built once per (tokenizer, logit count) and shared.
/// </summary>
public sealed class ConstraintVocabulary
{
    private static readonly ConditionalWeakTable<Tokenizer, Dictionary<int, ConstraintVocabulary>> Cache = new();

    private readonly byte[] bytes;
    private readonly int[] offsets;

    private ConstraintVocabulary(Tokenizer tokenizer, int logitCount)
    {
        Size = logitCount;
        var mapping = TokenBytes.For(tokenizer);
        StripsLeadingSpace = mapping.StripsLeadingSpace;
        var added = tokenizer.AddedTokens.Select(t => t.Id).ToHashSet();
        if (tokenizer.SpecialTokens.Unk?.Id is { } unk) added.Add(unk);
        var usable = new List<(int Id, byte[] Bytes)>();
        offsets = new int[logitCount + 1];
        var all = new List<byte>();
        for (var id = 0; id < logitCount; id++)
        {
            offsets[id] = all.Count;
            if (added.Contains(id) || tokenizer.IsSpecialToken(id) || tokenizer.IdToToken(id) is not { } token) continue;
            var tokenBytes = mapping.Of(token);
            if (tokenBytes.Length == 0) continue;
            usable.Add((id, tokenBytes));
            all.AddRange(tokenBytes);
        }
        offsets[logitCount] = all.Count;
        bytes = all.ToArray();
        Trie = TokenTrie.Build(usable);
        UsableCount = usable.Count;
        var single = new bool[256];
        for (var c = Trie.ChildStart[0]; c < Trie.ChildStart[1]; c++)
            if (Trie.HasTokens(Trie.Children[c])) single[Trie.Label[Trie.Children[c]]] = true;
        SpelledAlone = single;
    }

    /// <summary>The vocabulary of <paramref name="tokenizer"/> cut to the model's <paramref name="logitCount"/> logits (cached).</summary>
    public static ConstraintVocabulary For(Tokenizer tokenizer, int logitCount)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(logitCount);
        var byCount = Cache.GetValue(tokenizer, _ => new Dictionary<int, ConstraintVocabulary>());
        lock (byCount)
        {
            if (!byCount.TryGetValue(logitCount, out var vocabulary)) byCount[logitCount] = vocabulary = new ConstraintVocabulary(tokenizer, logitCount);
            return vocabulary;
        }
    }

    /// <summary>The number of logits a mask covers (ids 0 .. Size - 1).</summary>
    public int Size { get; }

    /// <summary>How many ids the grammar may use.</summary>
    public int UsableCount { get; }

    /// <summary>The decoder drops one leading space of the text: the first token's leading space is not output.</summary>
    public bool StripsLeadingSpace { get; }

    internal TokenTrie Trie { get; }

    /// <summary>SpelledAlone[b]: some usable token is exactly the byte b.</summary>
    internal bool[] SpelledAlone { get; }

    /// <summary>The bytes token <paramref name="id"/> adds to the text; empty for a token the grammar never uses.</summary>
    public ReadOnlySpan<byte> BytesOf(int id) => (uint)id < (uint)Size ? bytes.AsSpan(offsets[id], offsets[id + 1] - offsets[id]) : [];

    public bool IsUsable(int id) => !BytesOf(id).IsEmpty;
}
