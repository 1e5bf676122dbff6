using System.Runtime.CompilerServices;

namespace Inference.Engine.Constraints;

/// <summary>
/// A constraint bound to one model's vocabulary: the recogniser's states (interned, with their byte transitions filled
/// in as they are met, i.e. a lazily built deterministic automaton over the pushdown grammar), the number of tokens
/// each needs to complete the document, and each state's allowed-token bitset. Shared by every row and request using
/// the same constraint on the same model, from the sampler's parallel workers: lookups of computed transitions, bounds
/// and masks take no lock; computing a new one does.
/// </summary>
/// <remarks>
/// <para>The allowed tokens of a state are found by walking the vocabulary's trie: each trie edge is one cached
/// transition, a dead state skips its subtree, and a token is allowed when the state after its bytes can still
/// complete the document.</para>
/// <para>The completion bound of a state is the fewest tokens that spell, for one of its positions, the shortest
/// completion in single-token bytes (<see cref="CompletionPaths"/>). It is an upper bound on the true minimum and it is
/// consistent: the first token of that spelling leads to a state whose bound is at least one lower. So a row that
/// starts with bound ≤ max_tokens and takes, at every step, only tokens whose next state's bound fits in the tokens
/// left after it, always completes its document in time.</para>
/// </remarks>
public sealed class BoundConstraint
{
    /// <summary>
    /// Beyond this many interned states (each holds its transitions, 2 KB, and maybe masks) the state graph starts
    /// afresh from a new start state: rows still on the old graph go on using it, and it is collected when they end.
    /// Only a grammar with unbounded nesting (json_object, recursive $ref) driven deep by a model meets so many.
    /// </summary>
    private const int MaxStates = 16_384;

    /// <summary>The memory that cached masks may take in the process, over all bound constraints; beyond it a state's
    /// mask is computed each time it is needed instead of kept.</summary>
    private const long MaxCachedMaskBytes = 512L << 20;

    private static long s_cachedMaskBytes;

    private readonly Grammar grammar;
    private readonly CompletionPaths paths;
    private readonly object gate = new();
    private readonly List<int> stackReturn = new();
    private readonly List<int> stackParent = new();
    private readonly Dictionary<(int Return, int Parent), int> stacks = new();
    private Dictionary<PositionSet, GrammarState> states = new();
    private readonly HashSet<long> visited = new();
    private readonly Stack<long> work = new();
    private readonly List<long> reading = new();
    private readonly List<byte> spelling = new();
    private readonly byte spaceByte = (byte)' ';
    private readonly bool spaceAlone;
    private GrammarState start;
    private long maskBytes;

    /// <summary>Completion levels kept per state below the full mask.</summary>
    private const int MaxLevels = 8;

    [ThreadStatic]
    private static GrammarState[]? t_path;

    [ThreadStatic]
    private static int[]? t_bounds;

    internal BoundConstraint(Grammar grammar, ConstraintVocabulary vocabulary)
    {
        this.grammar = grammar;
        Vocabulary = vocabulary;
        paths = new CompletionPaths(grammar, vocabulary.SpelledAlone);
        spaceAlone = vocabulary.SpelledAlone[spaceByte];
        lock (gate)
        {
            start = Close([Pack(grammar.RuleStart[grammar.Root], -1)]);
        }
        if (start.IsTerminal)
            throw new ConstraintCompileException("The constraint allows only the empty output.", "");
        MinimumTokens = FirstCompletion(Start);
    }

    public ConstraintVocabulary Vocabulary { get; }

    /// <summary>
    /// Tokens of this vocabulary that suffice for the shortest document (an upper bound on the exact minimum, and the
    /// bound generation keeps): a request whose max_tokens is below it is refused up front. <see cref="int.MaxValue"/>
    /// when no document can be spelled with this vocabulary.
    /// </summary>
    public int MinimumTokens { get; }

    /// <summary>The state before any output (of the current state graph).</summary>
    internal GrammarState Start => Volatile.Read(ref start);

    public ConstraintMatcher CreateMatcher() => new(this);

    /// <summary>The state after byte <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal GrammarState Step(GrammarState state, byte b) => Volatile.Read(ref state.Next[b]) ?? StepSlow(state, b);

    private GrammarState StepSlow(GrammarState state, byte b)
    {
        lock (gate)
        {
            if (state.Next[b] is { } known) return known;
            reading.Clear();
            foreach (var position in state.Positions)
            {
                var node = (int)(position >> 32);
                for (var e = grammar.ByteStart[node]; e < grammar.ByteStart[node + 1]; e++)
                    if (grammar.ByteLo[e] <= b && b <= grammar.ByteHi[e]) reading.Add(Pack(grammar.ByteTarget[e], (int)position));
            }
            var next = reading.Count == 0 ? GrammarState.Dead : Close(reading.ToArray());
            Volatile.Write(ref state.Next[b], next);
            return next;
        }
    }

    /// <summary>The state after <paramref name="bytes"/> (dead when the grammar rejects them).</summary>
    internal GrammarState Step(GrammarState state, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            state = Step(state, b);
            if (state.IsDead) break;
        }
        return state;
    }

    private static long Pack(int node, int stack) => ((long)node << 32) | (uint)stack;

    /// <summary>Closes positions over epsilon edges, calls (push) and rule ends (pop); interns the result. Under the gate.</summary>
    private GrammarState Close(long[] seeds)
    {
        visited.Clear();
        work.Clear();
        var found = new List<long>();
        var accepting = false;
        foreach (var seed in seeds) work.Push(seed);
        while (work.Count > 0)
        {
            var position = work.Pop();
            if (!visited.Add(position)) continue;
            var node = (int)(position >> 32);
            var stack = (int)position;
            if (grammar.IsEnd(node))
            {
                if (stack < 0) accepting = true;
                else work.Push(Pack(stackReturn[stack], stackParent[stack]));
            }
            for (var e = grammar.EpsilonStart[node]; e < grammar.EpsilonStart[node + 1]; e++) work.Push(Pack(grammar.EpsilonTarget[e], stack));
            for (var c = grammar.CallStart[node]; c < grammar.CallStart[node + 1]; c++)
                work.Push(Pack(grammar.RuleStart[grammar.CallRule[c]], Push(grammar.CallReturn[c], stack)));
            if (grammar.Reads(node)) found.Add(position);
        }
        found.Sort();
        var key = new PositionSet(found.ToArray(), accepting);
        if (states.TryGetValue(key, out var state)) return state;
        if (states.Count >= MaxStates) Restart();
        state = new GrammarState(key.Positions, accepting);
        states.Add(key, state);
        return state;
    }

    /// <summary>Drops the state graph (under the gate): new rows start from a fresh start state.</summary>
    private void Restart()
    {
        states = new Dictionary<PositionSet, GrammarState>();
        Interlocked.Add(ref s_cachedMaskBytes, -Interlocked.Exchange(ref maskBytes, 0));
        var fresh = new GrammarState(start.Positions, start.Accepting) { Completion = start.Completion, FirstCompletion = start.FirstCompletion };
        states.Add(new PositionSet(fresh.Positions, fresh.Accepting), fresh);
        Volatile.Write(ref start, fresh);
    }

    /// <summary>Returns this constraint's share of the process's mask memory when it is collected.</summary>
    ~BoundConstraint() => Interlocked.Add(ref s_cachedMaskBytes, -maskBytes);

    private int Push(int returnNode, int parent)
    {
        if (stacks.TryGetValue((returnNode, parent), out var id)) return id;
        id = stackReturn.Count;
        stackReturn.Add(returnNode);
        stackParent.Add(parent);
        stacks.Add((returnNode, parent), id);
        return id;
    }

    /// <summary>Tokens that suffice to complete the document from <paramref name="state"/> (0 when it is complete).</summary>
    internal int Completion(GrammarState state)
    {
        var known = Volatile.Read(ref state.Completion);
        if (known != GrammarState.Unknown) return known;
        lock (gate)
        {
            if (state.Completion == GrammarState.Unknown) state.Completion = Bound(state, first: false);
            return state.Completion;
        }
    }

    /// <summary><see cref="Completion"/> for the first token of the output (which may lose its leading space).</summary>
    internal int FirstCompletion(GrammarState state)
    {
        if (!Vocabulary.StripsLeadingSpace) return Completion(state);
        var known = Volatile.Read(ref state.FirstCompletion);
        if (known != GrammarState.Unknown) return known;
        lock (gate)
        {
            if (state.FirstCompletion == GrammarState.Unknown) state.FirstCompletion = Bound(state, first: true);
            return state.FirstCompletion;
        }
    }

    /// <summary>
    /// The fewest tokens spelling one of the state's shortest completions. As the first token of a text that loses its
    /// leading space, a completion that starts with a space needs one more token: a lone space, which is dropped.
    /// </summary>
    private int Bound(GrammarState state, bool first)
    {
        if (state.Accepting) return 0;
        var best = GrammarState.Impossible;
        foreach (var position in state.Positions)
        {
            spelling.Clear();
            if (!Spell((int)(position >> 32), (int)position)) continue;
            var tokens = TokenCount(spelling);
            if (tokens == GrammarState.Impossible) continue;
            if (first && spelling[0] == spaceByte) tokens = spaceAlone ? tokens + 1 : GrammarState.Impossible;
            best = Math.Min(best, tokens);
        }
        return best;
    }

    /// <summary>Spells the shortest completion of a position and its stack into <see cref="spelling"/>.</summary>
    private bool Spell(int node, int stack)
    {
        while (true)
        {
            if (paths.Length(node) == int.MaxValue) return false;
            paths.Spell(node, spelling);
            if (stack < 0) return true;
            node = stackReturn[stack];
            stack = stackParent[stack];
        }
    }

    /// <summary>The fewest usable tokens whose bytes concatenate to <paramref name="text"/> (dynamic programming over the trie).</summary>
    private int TokenCount(List<byte> text)
    {
        var trie = Vocabulary.Trie;
        Span<int> best = text.Count < 1024 ? stackalloc int[text.Count + 1] : new int[text.Count + 1];
        best.Fill(GrammarState.Impossible);
        best[0] = 0;
        for (var i = 0; i < text.Count; i++)
        {
            if (best[i] == GrammarState.Impossible) continue;
            var node = 0;
            for (var j = i; j < text.Count; j++)
            {
                node = trie.Child(node, text[j]);
                if (node < 0) break;
                if (trie.HasTokens(node) && best[i] + 1 < best[j + 1]) best[j + 1] = best[i] + 1;
            }
        }
        return best[text.Count];
    }

    /// <summary>The allowed tokens of a state, graded by completion bound (cached while memory allows).</summary>
    internal TokenMaskEntry MaskOf(GrammarState state, bool first)
    {
        first &= Vocabulary.StripsLeadingSpace;
        var cached = Volatile.Read(ref first ? ref state.FirstMask : ref state.Mask);
        if (cached is not null) return cached;
        lock (state)
        {
            cached = first ? state.FirstMask : state.Mask;
            if (cached is not null) return cached;
            var entry = Grade(state, first);
            var size = entry.Masks.Length * (long)entry.Bits.Length * sizeof(ulong);
            if (Interlocked.Add(ref s_cachedMaskBytes, size) > MaxCachedMaskBytes)
            {
                Interlocked.Add(ref s_cachedMaskBytes, -size);
                return entry;
            }
            Interlocked.Add(ref maskBytes, size);
            if (first) Volatile.Write(ref state.FirstMask, entry);
            else Volatile.Write(ref state.Mask, entry);
            return entry;
        }
    }

    /// <summary>Walks the trie once, then splits the allowed tokens by the completion bound of their next state.</summary>
    private TokenMaskEntry Grade(GrammarState state, bool first)
    {
        var words = (Vocabulary.Size + 63) >> 6;
        var all = new ulong[words];
        var bounds = t_bounds is { } b && b.Length >= Vocabulary.Size ? b : t_bounds = new int[Vocabulary.Size];
        Walk(state, first, GrammarState.Impossible - 1, all, bounds);
        var distinct = new List<int>();
        for (var w = 0; w < words; w++)
            for (var word = all[w]; word != 0; word &= word - 1)
            {
                var level = bounds[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word)];
                if (!distinct.Contains(level)) distinct.Add(level);
            }
        if (distinct.Count == 0) return new TokenMaskEntry([], [all], true);
        distinct.Sort();
        var complete = distinct.Count <= MaxLevels + 1;
        int[] levels = complete ? [.. distinct] : [.. distinct.Take(MaxLevels), distinct[^1]];
        var masks = new ulong[levels.Length][];
        masks[^1] = all;
        if (levels.Length == 1) return new TokenMaskEntry(levels, masks, complete);
        // Each token into the mask of its own level, then running unions make the masks cumulative.
        for (var i = 0; i < levels.Length - 1; i++) masks[i] = new ulong[words];
        for (var w = 0; w < words; w++)
            for (var word = all[w]; word != 0; word &= word - 1)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(word);
                var level = Array.IndexOf(levels, bounds[(w << 6) + bit]);
                if (level >= 0 && level < levels.Length - 1) masks[level][w] |= 1UL << bit;
            }
        for (var i = 1; i < levels.Length - 1; i++)
            System.Numerics.Tensors.TensorPrimitives.BitwiseOr<ulong>(masks[i], masks[i - 1], masks[i]);
        return new TokenMaskEntry(levels, masks, complete);
    }

    /// <summary>
    /// Sets in <paramref name="bits"/> (cleared first) the tokens whose next state's completion bound is at most
    /// <paramref name="limit"/>, and each one's bound in <paramref name="bounds"/> when given; returns the largest and
    /// smallest such bound (<see cref="GrammarState.Impossible"/> for the smallest when none is allowed).
    /// </summary>
    internal (int Max, int Min) Walk(GrammarState state, bool first, int limit, Span<ulong> bits, int[]? bounds = null)
    {
        var trie = Vocabulary.Trie;
        first &= Vocabulary.StripsLeadingSpace;
        var path = t_path is { } p && p.Length > trie.MaxDepth ? p : t_path = new GrammarState[trie.MaxDepth + 1];
        bits.Clear();
        path[0] = state;
        int max = 0, min = GrammarState.Impossible;
        var labels = trie.Label;
        var depths = trie.Depth;
        var count = trie.NodeCount;
        for (var i = 1; i < count;)
        {
            var depth = depths[i];
            var parent = path[depth - 1];
            // The first token's leading space is dropped by the decoder: it reads nothing.
            var next = first && depth == 1 && labels[i] == spaceByte ? parent : Step(parent, labels[i]);
            if (next.IsDead)
            {
                i = trie.Next[i];
                continue;
            }
            path[depth] = next;
            if (trie.HasTokens(i))
            {
                var needed = Completion(next);
                if (needed <= limit)
                {
                    for (var t = trie.TokenStart[i]; t < trie.TokenStart[i + 1]; t++)
                    {
                        var id = trie.TokenIds[t];
                        bits[id >> 6] |= 1UL << (id & 63);
                        if (bounds is not null) bounds[id] = needed;
                    }
                    if (needed > max) max = needed;
                    if (needed < min) min = needed;
                }
            }
            i++;
        }
        return (max, min);
    }

    /// <summary>A set of positions with its accepting flag, compared by content (the intern table's key).</summary>
    private readonly struct PositionSet(long[] positions, bool accepting) : IEquatable<PositionSet>
    {
        public long[] Positions { get; } = positions;

        public bool Accepting { get; } = accepting;

        public bool Equals(PositionSet other) => Accepting == other.Accepting && Positions.AsSpan().SequenceEqual(other.Positions);

        public override bool Equals(object? obj) => obj is PositionSet other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Accepting);
            foreach (var p in Positions) hash.Add(p);
            return hash.ToHashCode();
        }
    }
}
