namespace Inference.Engine.Constraints;

/// <summary>
/// The usable tokens of a vocabulary as a byte trie laid out in preorder: node i's subtree is i .. <see cref="Next"/>[i] - 1,
/// so a walk that finds the grammar dead at node i skips its whole subtree at once, and tokens sharing a prefix are
/// matched once. Children are also listed per node (sorted by byte) for lookups along a given string. Node 0 is the
/// root (the empty string). Several ids may end at one node (the same bytes, e.g. "A" and &lt;0x41&gt;).
/// </summary>
internal sealed class TokenTrie
{
    private TokenTrie(byte[] label, int[] depth, int[] next, int[] tokenStart, int[] tokenIds, int[] childStart, int[] children)
    {
        Label = label;
        Depth = depth;
        Next = next;
        TokenStart = tokenStart;
        TokenIds = tokenIds;
        ChildStart = childStart;
        Children = children;
        MaxDepth = depth.Length == 0 ? 0 : depth.Max();
    }

    public int NodeCount => Label.Length;

    /// <summary>The byte on the edge into node i.</summary>
    public byte[] Label { get; }

    public int[] Depth { get; }

    /// <summary>The first node after node i's subtree.</summary>
    public int[] Next { get; }

    /// <summary>Tokens ending at node i: TokenIds[TokenStart[i] .. TokenStart[i + 1] - 1].</summary>
    public int[] TokenStart { get; }

    public int[] TokenIds { get; }

    public int[] ChildStart { get; }

    public int[] Children { get; }

    public int MaxDepth { get; }

    public bool HasTokens(int node) => TokenStart[node + 1] > TokenStart[node];

    /// <summary>The child of <paramref name="node"/> along byte <paramref name="b"/>, or -1.</summary>
    public int Child(int node, byte b)
    {
        int lo = ChildStart[node], hi = ChildStart[node + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var label = Label[Children[mid]];
            if (label == b) return Children[mid];
            if (label < b) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Builds the trie of the given tokens (id, bytes); empty byte strings are left out.</summary>
    public static TokenTrie Build(IReadOnlyList<(int Id, byte[] Bytes)> tokens)
    {
        var sorted = tokens.Where(t => t.Bytes.Length > 0).OrderBy(t => t.Bytes, ByteOrder.Instance).ThenBy(t => t.Id).ToList();
        var label = new List<byte> { 0 };
        var depth = new List<int> { 0 };
        var parent = new List<int> { -1 };
        var ends = new List<(int Node, int Id)>();
        var path = new List<int> { 0 }; // path[d] = node at depth d on the current branch
        byte[] previous = [];
        foreach (var (id, bytes) in sorted)
        {
            var common = 0;
            while (common < previous.Length && common < bytes.Length && previous[common] == bytes[common]) common++;
            path.RemoveRange(common + 1, path.Count - common - 1);
            for (var d = common; d < bytes.Length; d++)
            {
                label.Add(bytes[d]);
                depth.Add(d + 1);
                parent.Add(path[d]);
                path.Add(label.Count - 1);
            }
            ends.Add((path[bytes.Length], id));
            previous = bytes;
        }

        var n = label.Count;
        var next = new int[n];
        var open = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            while (open.Count > 0 && depth[open.Peek()] >= depth[i]) next[open.Pop()] = i;
            open.Push(i);
        }
        while (open.Count > 0) next[open.Pop()] = n;

        var tokenStart = new int[n + 1];
        foreach (var (node, _) in ends) tokenStart[node + 1]++;
        for (var i = 0; i < n; i++) tokenStart[i + 1] += tokenStart[i];
        var tokenIds = new int[ends.Count];
        var fill = tokenStart[..n];
        foreach (var (node, id) in ends) tokenIds[fill[node]++] = id;

        // Children in preorder are already sorted by byte.
        var childStart = new int[n + 1];
        for (var i = 1; i < n; i++) childStart[parent[i] + 1]++;
        for (var i = 0; i < n; i++) childStart[i + 1] += childStart[i];
        var children = new int[Math.Max(0, n - 1)];
        var childFill = childStart[..n];
        for (var i = 1; i < n; i++) children[childFill[parent[i]]++] = i;

        return new TokenTrie(label.ToArray(), depth.ToArray(), next, tokenStart, tokenIds, childStart, children);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
