namespace Inference.Engine.Constraints;

/// <summary>
/// Builds a <see cref="Grammar"/> node by node. The compilers use it in "from → to" style: a piece of grammar starts
/// at a given node and returns the node where it ends, creating the nodes in between. <see cref="Build"/> rejects
/// grammars whose rules can call themselves without reading a byte (left recursion, e.g. a $ref cycle), which no
/// recogniser of this kind can run.
/// </summary>
internal sealed class GrammarBuilder
{
    /// <summary>A bound on the automaton's size: a pattern like (a{1000}){1000} is refused, not built.</summary>
    public const int MaxNodes = 1 << 19;

    private readonly List<int> ruleOf = new();
    private readonly List<int> ruleStart = new();
    private readonly List<int> ruleEnd = new();
    private readonly List<string> ruleName = new();
    private readonly List<(int From, byte Lo, byte Hi, int To)> bytes = new();
    private readonly List<(int From, int To)> epsilons = new();
    private readonly List<(int From, int Rule, int To)> calls = new();
    private readonly string errorPath;

    /// <param name="errorPath">Where size errors point (the pattern, the schema root).</param>
    public GrammarBuilder(string errorPath = "")
    {
        this.errorPath = errorPath;
    }

    /// <summary>Creates a rule; its start and end nodes are <see cref="Start"/>(rule) and <see cref="End"/>(rule).</summary>
    public int NewRule(string name)
    {
        var rule = ruleStart.Count;
        ruleName.Add(name);
        ruleStart.Add(-1);
        ruleEnd.Add(-1);
        ruleStart[rule] = NewNodeIn(rule);
        ruleEnd[rule] = NewNodeIn(rule);
        return rule;
    }

    public int Start(int rule) => ruleStart[rule];

    public int End(int rule) => ruleEnd[rule];

    /// <summary>A new node in the same rule as <paramref name="sibling"/>.</summary>
    public int NewNode(int sibling) => NewNodeIn(ruleOf[sibling]);

    private int NewNodeIn(int rule)
    {
        if (ruleOf.Count >= MaxNodes)
            throw new ConstraintCompileException($"The constraint is too large (more than {MaxNodes} automaton nodes); use smaller repetition counts.", errorPath);
        ruleOf.Add(rule);
        return ruleOf.Count - 1;
    }

    public void Bytes(int from, byte lo, byte hi, int to) => bytes.Add((from, lo, hi, to));

    public void Epsilon(int from, int to) => epsilons.Add((from, to));

    /// <summary>From <paramref name="from"/>, match <paramref name="rule"/>, then continue at <paramref name="to"/>.</summary>
    public void Call(int from, int rule, int to) => calls.Add((from, rule, to));

    /// <summary>Reads one byte in [lo, hi]; returns the node after it.</summary>
    public int Byte(int from, byte lo, byte hi)
    {
        var to = NewNode(from);
        Bytes(from, lo, hi, to);
        return to;
    }

    /// <summary>Reads <paramref name="text"/> byte for byte; returns the node after it.</summary>
    public int Literal(int from, ReadOnlySpan<byte> text)
    {
        foreach (var b in text) from = Byte(from, b, b);
        return from;
    }

    /// <summary>Calls <paramref name="rule"/>; returns the node after it.</summary>
    public int CallRule(int from, int rule)
    {
        var to = NewNode(from);
        Call(from, rule, to);
        return to;
    }

    /// <summary>Either piece from <paramref name="from"/>, joined at one node.</summary>
    public int Choice(int from, IEnumerable<Func<int, int>> alternatives)
    {
        var to = NewNode(from);
        foreach (var alternative in alternatives) Epsilon(alternative(from), to);
        return to;
    }

    /// <summary>The piece or nothing. The bypass joins at a fresh node: joining at the piece's own end would also skip
    /// into whatever loops back through that end (an optional list's bypass would reach its "," loop).</summary>
    public int Optional(int from, Func<int, int> piece)
    {
        var entry = NewNode(from);
        Epsilon(from, entry);
        var to = NewNode(from);
        Epsilon(piece(entry), to);
        Epsilon(from, to);
        return to;
    }

    /// <summary>Zero or more repetitions.</summary>
    public int Star(int from, Func<int, int> piece)
    {
        var loop = NewNode(from);
        Epsilon(from, loop);
        Epsilon(piece(loop), loop);
        return loop;
    }

    /// <summary><paramref name="min"/> to <paramref name="max"/> repetitions (max -1: unbounded), unrolled.</summary>
    public int Repeat(int from, Func<int, int> piece, int min, int max)
    {
        for (var i = 0; i < min; i++) from = piece(from);
        if (max < 0) return Star(from, piece);
        var to = NewNode(from);
        Epsilon(from, to);
        for (var i = min; i < max; i++)
        {
            from = piece(from);
            Epsilon(from, to);
        }
        return to;
    }

    /// <summary>Ends a rule's body: <paramref name="from"/> reaches the rule's end node.</summary>
    public void Finish(int from, int rule) => Epsilon(from, ruleEnd[rule]);

    public Grammar Build(int root)
    {
        var n = ruleOf.Count;
        var (byteStart, byteOrder) = Csr(n, bytes.Count, i => bytes[i].From);
        var (epsilonStart, epsilonOrder) = Csr(n, epsilons.Count, i => epsilons[i].From);
        var (callStart, callOrder) = Csr(n, calls.Count, i => calls[i].From);
        var grammar = new Grammar(ruleOf.ToArray(), ruleStart.ToArray(), ruleEnd.ToArray(), ruleName.ToArray(), root,
            byteStart, byteOrder.Select(i => bytes[i].Lo).ToArray(), byteOrder.Select(i => bytes[i].Hi).ToArray(),
            byteOrder.Select(i => bytes[i].To).ToArray(),
            epsilonStart, epsilonOrder.Select(i => epsilons[i].To).ToArray(),
            callStart, callOrder.Select(i => calls[i].Rule).ToArray(), callOrder.Select(i => calls[i].To).ToArray());
        RejectLeftRecursion(grammar);
        return grammar;
    }

    /// <summary>Edges grouped by source node (stable: a node's edges keep the order they were added in).</summary>
    private static (int[] Start, int[] Order) Csr(int nodes, int count, Func<int, int> source)
    {
        var start = new int[nodes + 1];
        for (var i = 0; i < count; i++) start[source(i) + 1]++;
        for (var i = 0; i < nodes; i++) start[i + 1] += start[i];
        var fill = start[..nodes];
        var order = new int[count];
        for (var i = 0; i < count; i++) order[fill[source(i)]++] = i;
        return (start, order);
    }

    /// <summary>
    /// A rule that can reach a call of itself without reading a byte would make the recogniser's closure push frames
    /// forever. Computes which rules can end without reading (nullable), then which rules each rule calls before
    /// reading anything, and refuses a cycle in that graph.
    /// </summary>
    private void RejectLeftRecursion(Grammar g)
    {
        var rules = g.RuleStart.Length;
        var nullable = new bool[rules];
        for (var changed = true; changed;)
        {
            changed = false;
            for (var r = 0; r < rules; r++)
                if (!nullable[r] && ReachesEndWithoutReading(g, r, nullable, null)) changed = nullable[r] = true;
        }
        var calledFirst = new List<int>[rules];
        for (var r = 0; r < rules; r++)
        {
            calledFirst[r] = new List<int>();
            ReachesEndWithoutReading(g, r, nullable, calledFirst[r]);
        }
        var color = new byte[rules]; // 0 unseen, 1 on the path, 2 done
        for (var r = 0; r < rules; r++)
            if (color[r] == 0) Visit(r);

        void Visit(int r)
        {
            color[r] = 1;
            foreach (var callee in calledFirst[r])
            {
                if (color[callee] == 1)
                    throw new ConstraintCompileException(
                        $"The schema at '#{g.RuleName[callee]}' reaches itself through $ref before any text is produced (left recursion): it cannot be generated.",
                        g.RuleName[callee], "$ref");
                if (color[callee] == 0) Visit(callee);
            }
            color[r] = 2;
        }
    }

    /// <summary>Walks rule r from its start over epsilon edges and calls of nullable rules; records every rule called.</summary>
    private static bool ReachesEndWithoutReading(Grammar g, int r, bool[] nullable, List<int>? called)
    {
        var seen = new HashSet<int>();
        var work = new Stack<int>();
        work.Push(g.RuleStart[r]);
        var reachesEnd = false;
        while (work.Count > 0)
        {
            var node = work.Pop();
            if (!seen.Add(node)) continue;
            if (node == g.RuleEnd[r]) reachesEnd = true;
            for (var e = g.EpsilonStart[node]; e < g.EpsilonStart[node + 1]; e++) work.Push(g.EpsilonTarget[e]);
            for (var c = g.CallStart[node]; c < g.CallStart[node + 1]; c++)
            {
                called?.Add(g.CallRule[c]);
                if (nullable[g.CallRule[c]]) work.Push(g.CallReturn[c]);
            }
        }
        return reachesEnd;
    }
}
