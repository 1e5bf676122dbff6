using System.Buffers;

namespace Inference.Engine.Tokenization;

/// <summary>
/// Finds added tokens in text: leftmost-longest matches over a character trie, honouring single_word. The scan
/// jumps between characters that can start a token, so text without added tokens costs one vectorised search.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private sealed class Node
    {
        public Dictionary<char, Node>? Children;
        public AddedToken? Token;
    }

    private readonly Node _root = new();
    private readonly SearchValues<char> _firstChars;

    public AddedTokenMatcher(IEnumerable<(string Text, AddedToken Token)> entries)
    {
        var first = new HashSet<char>();
        foreach (var (text, token) in entries)
        {
            if (text.Length == 0)
            {
                continue;
            }
            first.Add(text[0]);
            var node = _root;
            foreach (var ch in text)
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(ch, out var child))
                {
                    child = new Node();
                    node.Children[ch] = child;
                }
                node = child;
            }
            node.Token ??= token;
        }
        _firstChars = SearchValues.Create(first.ToArray());
        IsEmpty = first.Count == 0;
    }

    public bool IsEmpty { get; }

    /// <summary>Finds the next match at or after <paramref name="from"/>; returns false when there is none.</summary>
    public bool TryFindNext(ReadOnlySpan<char> text, int from, out int start, out int length, out AddedToken token)
    {
        var i = from;
        while (i < text.Length)
        {
            var offset = text[i..].IndexOfAny(_firstChars);
            if (offset < 0)
            {
                break;
            }
            i += offset;
            var node = _root;
            AddedToken? best = null;
            var bestLength = 0;
            for (var j = i; j < text.Length && node.Children is not null && node.Children.TryGetValue(text[j], out node); j++)
            {
                if (node.Token is { } candidate && (!candidate.SingleWord || IsWordBoundary(text, i, j + 1)))
                {
                    best = candidate;
                    bestLength = j + 1 - i;
                }
            }
            if (best is not null)
            {
                start = i;
                length = bestLength;
                token = best;
                return true;
            }
            i++;
        }
        start = length = 0;
        token = null!;
        return false;
    }

    private static bool IsWordBoundary(ReadOnlySpan<char> text, int start, int end) =>
        (start == 0 || !IsWordChar(text[start - 1])) && (end == text.Length || !IsWordChar(text[end]));

    private static bool IsWordChar(char ch) => char.IsLetterOrDigit(ch) || ch == '_';
}
