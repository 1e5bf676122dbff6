namespace Inference.Engine.Constraints;

/// <summary>
/// The grammar state of one sample (one batch row): which tokens it may take next, given the tokens it has left, and
/// where it is after each token it took. Not thread-safe: the decode loop advances it, the sampler masks with it, never
/// both at once. Allocates nothing per token once the states it meets are known.
/// </summary>
public sealed class ConstraintMatcher
{
    private readonly BoundConstraint bound;
    private GrammarState state;
    private bool first = true;

    internal ConstraintMatcher(BoundConstraint bound)
    {
        this.bound = bound;
        state = bound.Start;
    }

    internal GrammarState State => state;

    /// <summary>The text so far is a complete document (it may still go on).</summary>
    public bool IsAccepting => state.Accepting;

    /// <summary>The document is complete and nothing may follow it.</summary>
    public bool IsComplete => state.IsTerminal;

    /// <summary>Tokens that suffice to complete the document from here (0 when complete; int.MaxValue when impossible).</summary>
    public int TokensToComplete => first ? bound.FirstCompletion(state) : bound.Completion(state);

    /// <summary>Whether the grammar accepts token <paramref name="id"/> next (budget aside).</summary>
    public bool Accepts(int id) => !Next(id).IsDead;

    /// <summary>Moves past token <paramref name="id"/>; throws when the grammar does not accept it.</summary>
    public void Advance(int id)
    {
        if (!TryAdvance(id)) throw new InvalidOperationException($"Token {id} is not allowed by the constraint here.");
    }

    /// <summary>Moves past token <paramref name="id"/> when the grammar accepts it; otherwise stays and returns false.</summary>
    public bool TryAdvance(int id)
    {
        var next = Next(id);
        if (next.IsDead) return false;
        state = next;
        first = false;
        return true;
    }

    private GrammarState Next(int id)
    {
        var bytes = bound.Vocabulary.BytesOf(id);
        if (bytes.IsEmpty) return GrammarState.Dead;
        if (first && bound.Vocabulary.StripsLeadingSpace && bytes[0] == (byte)' ') bytes = bytes[1..];
        return bound.Step(state, bytes);
    }

    /// <summary>
    /// Writes into <paramref name="allowed"/> ((vocabulary size + 63) / 64 words) the tokens allowed with
    /// <paramref name="tokensLeft"/> tokens left, this one included: those after which the document can still be
    /// completed in the rest. Stop tokens are not included (they are allowed exactly when <see cref="IsAccepting"/>).
    /// When the budget leaves no token, an incomplete document gets the tokens the grammar allows (it will end on
    /// length) and a complete one gets none (it ends).
    /// </summary>
    public void FillAllowed(int tokensLeft, Span<ulong> allowed)
    {
        if (Allowed(tokensLeft, allowed) is { } cached) cached.CopyTo(allowed);
    }

    /// <summary>The allowed set from the state's graded masks, or null when it was computed into <paramref name="scratch"/>.</summary>
    private ulong[]? Allowed(int tokensLeft, Span<ulong> scratch)
    {
        var entry = bound.MaskOf(state, first);
        var limit = tokensLeft - 1;
        if (entry.MinSuccessor > limit)
        {
            if (!state.Accepting) return entry.Bits;
            scratch.Clear();
            return null;
        }
        if (entry.Within(limit) is { } graded) return graded;
        bound.Walk(state, first, limit, scratch);
        return null;
    }

    /// <summary>
    /// Masks a row of logits: disallowed tokens become -inf; stop tokens keep their logit only when the document is
    /// complete. Returns a token to take if every logit ends up -inf (the model gave -inf or NaN to all allowed tokens):
    /// the lowest allowed id, or a stop token when complete; -1 when there is none.
    /// </summary>
    internal int Apply(Span<float> logits, int tokensLeft, int[] stopTokenIds, Span<ulong> scratch)
    {
        scratch = scratch[..((logits.Length + 63) >> 6)];
        ReadOnlySpan<ulong> allowed = Allowed(tokensLeft, scratch) ?? (ReadOnlySpan<ulong>)scratch;
        var keepStops = state.Accepting;
        Span<float> saved = stopTokenIds.Length <= 64 ? stackalloc float[stopTokenIds.Length] : new float[stopTokenIds.Length];
        for (var i = 0; i < stopTokenIds.Length; i++)
            saved[i] = (uint)stopTokenIds[i] < (uint)logits.Length ? logits[stopTokenIds[i]] : float.NegativeInfinity;
        TokenMask.Apply(logits, allowed);
        var fallback = TokenMask.First(allowed);
        for (var i = 0; i < stopTokenIds.Length; i++)
        {
            var id = stopTokenIds[i];
            if ((uint)id >= (uint)logits.Length) continue;
            logits[id] = keepStops ? saved[i] : float.NegativeInfinity;
            if (keepStops && fallback < 0) fallback = id;
        }
        return fallback;
    }

    /// <summary>
    /// The sample must end here: the document is complete and nothing may follow, or it is complete and no stop
    /// token can be taken (<paramref name="stopTokenAvailable"/> false: none exists, or min_tokens holds them back)
    /// while no token fits in <paramref name="tokensLeft"/>.
    /// </summary>
    public bool MustStop(int tokensLeft, bool stopTokenAvailable)
    {
        if (state.IsTerminal) return true;
        if (!state.Accepting || stopTokenAvailable) return false;
        return tokensLeft <= 0 || bound.MaskOf(state, first).MinSuccessor > tokensLeft - 1;
    }
}
