namespace Inference.Engine.Constraints;

/// <summary>
/// From every node, a shortest way to the end of its rule, in bytes the vocabulary spells as single tokens (so that
/// the way can always be written, one byte per token at worst). Computed with Knuth's generalisation of Dijkstra's
/// algorithm, since a call edge costs the callee's shortest path plus the return node's: nodes are finalised in order
/// of length and each keeps the edge ("hop") that gave its length, which points to nodes finalised before it, so
/// following hops always ends. Following the hops from a position and then from each return node on its stack spells
/// a completion of the whole document; after reading the first bytes of that completion, the hops of the resulting
/// position spell exactly the rest (a shortest-path tree), which is what makes the token bound consistent from step
/// to step (see <see cref="BoundConstraint"/>).
/// </summary>
internal sealed class CompletionPaths
{
    private const byte End = 0, ByteHop = 1, EpsilonHop = 2, CallHop = 3;

    private readonly Grammar g;
    private readonly int[] length;
    private readonly byte[] kind;
    private readonly int[] target;
    private readonly int[] argument; // the byte of a byte hop, the rule of a call hop

    public CompletionPaths(Grammar grammar, bool[] spelled)
    {
        g = grammar;
        var n = g.NodeCount;
        length = new int[n];
        Array.Fill(length, int.MaxValue);
        kind = new byte[n];
        target = new int[n];
        argument = new int[n];

        // Reverse edges: which nodes a finalised node can improve.
        var byteInto = new List<(int From, int Byte)>?[n];
        var epsilonInto = new List<int>?[n];
        var callInto = new List<int>?[n];
        for (var node = 0; node < n; node++)
        {
            for (var e = g.ByteStart[node]; e < g.ByteStart[node + 1]; e++)
            {
                var b = FirstSpelled(g.ByteLo[e], g.ByteHi[e], spelled);
                if (b >= 0) (byteInto[g.ByteTarget[e]] ??= new()).Add((node, b));
            }
            for (var e = g.EpsilonStart[node]; e < g.EpsilonStart[node + 1]; e++) (epsilonInto[g.EpsilonTarget[e]] ??= new()).Add(node);
            for (var c = g.CallStart[node]; c < g.CallStart[node + 1]; c++)
            {
                (callInto[g.RuleStart[g.CallRule[c]]] ??= new()).Add(c);
                (callInto[g.CallReturn[c]] ??= new()).Add(c);
            }
        }
        var callSource = new int[g.CallRule.Length];
        for (var node = 0; node < n; node++)
            for (var c = g.CallStart[node]; c < g.CallStart[node + 1]; c++) callSource[c] = node;

        var done = new bool[n];
        var queue = new PriorityQueue<int, int>();
        foreach (var end in g.RuleEnd)
        {
            length[end] = 0;
            kind[end] = End;
            queue.Enqueue(end, 0);
        }
        while (queue.TryDequeue(out var x, out var at))
        {
            if (done[x] || at != length[x]) continue;
            done[x] = true;
            if (byteInto[x] is { } bytes)
                foreach (var (from, b) in bytes) Relax(from, at + 1, ByteHop, x, b);
            if (epsilonInto[x] is { } epsilons)
                foreach (var from in epsilons) Relax(from, at, EpsilonHop, x, 0);
            if (callInto[x] is { } calls)
            {
                foreach (var c in calls)
                {
                    var start = g.RuleStart[g.CallRule[c]];
                    var back = g.CallReturn[c];
                    if (done[start] && done[back]) Relax(callSource[c], Add(length[start], length[back]), CallHop, back, g.CallRule[c]);
                }
            }
        }

        void Relax(int node, int value, byte how, int to, int arg)
        {
            if (done[node] || value >= length[node]) return;
            length[node] = value;
            kind[node] = how;
            target[node] = to;
            argument[node] = arg;
            queue.Enqueue(node, value);
        }
    }

    /// <summary>Bytes from <paramref name="node"/> to the end of its rule (int.MaxValue: no way).</summary>
    public int Length(int node) => length[node];

    /// <summary>Appends the completion from <paramref name="node"/> to the end of its rule.</summary>
    public void Spell(int node, List<byte> into)
    {
        while (true)
        {
            switch (kind[node])
            {
                case End:
                    return;
                case ByteHop:
                    into.Add((byte)argument[node]);
                    break;
                case CallHop:
                    Spell(g.RuleStart[argument[node]], into);
                    break;
            }
            node = target[node];
        }
    }

    private static int Add(int a, int b) => a == int.MaxValue || b == int.MaxValue ? int.MaxValue : a + b;

    private static int FirstSpelled(byte lo, byte hi, bool[] spelled)
    {
        for (var b = lo; b <= hi; b++)
        {
            if (spelled[b]) return b;
            if (b == 255) break;
        }
        return -1;
    }
}
