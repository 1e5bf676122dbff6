namespace Inference.Engine.Constraints;

/// <summary>
/// One state of a grammar bound to a vocabulary: the set of positions the recogniser may be in after the text so far,
/// each a node with a call stack, closed over epsilon edges, calls and returns, keeping only positions that read a
/// byte (and whether the text so far is a whole document). States are interned (equal sets are one object), so a
/// state that recurs (inside a string, after each comma) finds its byte transitions, its completion bound and its
/// token mask already computed.
/// </summary>
internal sealed class GrammarState
{
    public const int Unknown = -1;

    /// <summary>No completion exists within the bytes the vocabulary spells.</summary>
    public const int Impossible = int.MaxValue;

    public static readonly GrammarState Dead = CreateDead();

    public GrammarState(long[] positions, bool accepting)
    {
        Positions = positions;
        Accepting = accepting;
    }

    /// <summary>Sorted (node &lt;&lt; 32 | stack id) pairs.</summary>
    public long[] Positions { get; }

    /// <summary>The text so far is a complete document.</summary>
    public bool Accepting { get; }

    public bool IsDead => Positions.Length == 0 && !Accepting;

    /// <summary>Complete, and nothing may follow.</summary>
    public bool IsTerminal => Positions.Length == 0 && Accepting;

    /// <summary>The state after each byte, filled lazily (null: not computed yet).</summary>
    public readonly GrammarState?[] Next = new GrammarState?[256];

    /// <summary>Tokens needed to complete the document from here (<see cref="Unknown"/> until computed).</summary>
    public int Completion = Unknown;

    /// <summary>The same for the first token of the output, when the decoder strips its leading space.</summary>
    public int FirstCompletion = Unknown;

    public TokenMaskEntry? Mask;

    public TokenMaskEntry? FirstMask;

    private static GrammarState CreateDead()
    {
        var dead = new GrammarState([], false) { Completion = Impossible, FirstCompletion = Impossible };
        Array.Fill(dead.Next, dead);
        return dead;
    }
}

/// <summary>
/// The tokens allowed in one state, graded by the completion bound of the state each leads to: <see cref="Masks"/>[i]
/// holds the tokens whose next state needs at most <see cref="Levels"/>[i] more tokens. The lowest few distinct
/// levels are kept (the ones a tight budget asks for) and the last mask is always the whole allowed set, so a budget
/// step takes a precomputed mask instead of walking the trie again.
/// </summary>
internal sealed class TokenMaskEntry(int[] levels, ulong[][] masks, bool complete)
{
    /// <summary>Ascending completion bounds; empty when no token is allowed.</summary>
    public int[] Levels { get; } = levels;

    public ulong[][] Masks { get; } = masks;

    /// <summary>Every distinct level is kept (otherwise levels between the last two are not).</summary>
    public bool Complete { get; } = complete;

    /// <summary>All allowed tokens.</summary>
    public ulong[] Bits => Masks[^1];

    public int MaxSuccessor => Levels.Length == 0 ? 0 : Levels[^1];

    /// <summary><see cref="GrammarState.Impossible"/> when no token is allowed.</summary>
    public int MinSuccessor => Levels.Length == 0 ? GrammarState.Impossible : Levels[0];

    /// <summary>
    /// The tokens whose next state needs at most <paramref name="limit"/> tokens, when known without a walk (null
    /// otherwise). Call only when some token fits (<paramref name="limit"/> ≥ <see cref="MinSuccessor"/>).
    /// </summary>
    public ulong[]? Within(int limit)
    {
        if (limit >= MaxSuccessor) return Bits;
        var i = Levels.Length - 1;
        while (Levels[i] > limit) i--;
        return Complete || i < Levels.Length - 2 ? Masks[i] : null;
    }
}
