namespace Inference.Engine.Constraints;

/// <summary>
/// A compiled grammar, independent of any tokenizer: a recursive transition network over bytes. Each rule is a
/// nondeterministic automaton from its start node to its end node whose edges read a byte range, read nothing
/// (epsilon), or call another rule and continue at a return node when that rule ends. A byte-level pushdown
/// automaton therefore: the call stack holds return nodes. JSON Schema, regexes and choice lists all compile to it;
/// <see cref="BoundConstraint"/> runs it against a vocabulary. Immutable after <see cref="GrammarBuilder.Build"/>.
/// </summary>
internal sealed class Grammar
{
    public Grammar(int[] ruleOf, int[] ruleStart, int[] ruleEnd, string[] ruleName, int root,
        int[] byteStart, byte[] byteLo, byte[] byteHi, int[] byteTarget,
        int[] epsilonStart, int[] epsilonTarget,
        int[] callStart, int[] callRule, int[] callReturn)
    {
        RuleOf = ruleOf;
        RuleStart = ruleStart;
        RuleEnd = ruleEnd;
        RuleName = ruleName;
        Root = root;
        ByteStart = byteStart;
        ByteLo = byteLo;
        ByteHi = byteHi;
        ByteTarget = byteTarget;
        EpsilonStart = epsilonStart;
        EpsilonTarget = epsilonTarget;
        CallStart = callStart;
        CallRule = callRule;
        CallReturn = callReturn;
    }

    public int NodeCount => RuleOf.Length;

    /// <summary>The rule each node belongs to.</summary>
    public int[] RuleOf { get; }

    public int[] RuleStart { get; }

    /// <summary>Each rule's single end node (it has no outgoing edges): reaching it returns to the caller.</summary>
    public int[] RuleEnd { get; }

    /// <summary>A name per rule for messages (a JSON pointer for schema rules).</summary>
    public string[] RuleName { get; }

    /// <summary>The rule the whole output must match.</summary>
    public int Root { get; }

    /// <summary>Byte edges of node n: indices ByteStart[n] .. ByteStart[n + 1] - 1, each reading ByteLo..ByteHi.</summary>
    public int[] ByteStart { get; }

    public byte[] ByteLo { get; }

    public byte[] ByteHi { get; }

    public int[] ByteTarget { get; }

    public int[] EpsilonStart { get; }

    public int[] EpsilonTarget { get; }

    /// <summary>Call edges of node n: enter rule CallRule[i], continue at CallReturn[i] when it ends.</summary>
    public int[] CallStart { get; }

    public int[] CallRule { get; }

    public int[] CallReturn { get; }

    public bool IsEnd(int node) => RuleEnd[RuleOf[node]] == node;

    public bool Reads(int node) => ByteStart[node + 1] > ByteStart[node];
}
