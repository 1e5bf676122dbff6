using System.Text;

namespace Inference.Engine.Tokenization;

/// <summary>
/// Rewrites the Oniguruma/fancy-regex patterns found in tokenizer.json into .NET syntax. Handles the constructs real
/// files use: possessive quantifiers (<c>?+ *+ ++</c>, rewritten as atomic groups), stacked quantifiers
/// (<c>X{3}+</c>), <c>\x{HHHH}</c> and <c>\h</c>. Constructs with no .NET equivalent (nested or intersected character
/// classes, POSIX brackets, <c>\G</c>) are rejected rather than silently changed.
/// </summary>
internal static class OnigurumaTranslator
{
    public static string Translate(string pattern, string? filePath)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var groupStarts = new Stack<int>();
        var lastAtomStart = -1;
        var i = 0;
        while (i < pattern.Length)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '\\':
                    lastAtomStart = output.Length;
                    i = CopyEscape(pattern, i, output, filePath, inClass: false);
                    break;
                case '[':
                    lastAtomStart = output.Length;
                    i = CopyClass(pattern, i, output, filePath);
                    break;
                case '(':
                {
                    var groupStart = output.Length;
                    var introducerEnd = GroupIntroducerEnd(pattern, i, filePath);
                    output.Append(pattern, i, introducerEnd - i);
                    i = introducerEnd;
                    if (output[^1] == ')')
                    {
                        lastAtomStart = -1; // an inline option group such as (?i) is not an operand
                    }
                    else
                    {
                        groupStarts.Push(groupStart);
                        lastAtomStart = -1;
                    }
                    break;
                }
                case ')':
                    if (groupStarts.Count == 0)
                    {
                        throw Unsupported(pattern, filePath, "unbalanced ')'");
                    }
                    output.Append(ch);
                    lastAtomStart = groupStarts.Pop();
                    i++;
                    break;
                case '?' or '*' or '+' or '{':
                    i = CopyQuantifier(pattern, i, output, lastAtomStart, filePath);
                    lastAtomStart = -1;
                    break;
                case '|':
                    output.Append(ch);
                    lastAtomStart = -1;
                    i++;
                    break;
                default:
                    lastAtomStart = output.Length;
                    output.Append(ch);
                    i++;
                    break;
            }
        }
        if (groupStarts.Count != 0)
        {
            throw Unsupported(pattern, filePath, "unbalanced '('");
        }
        return output.ToString();
    }

    /// <summary>End of "(" or of a group introducer: "(?:", "(?=", "(?!", "(?>", "(?&lt;=", "(?&lt;!", "(?&lt;name&gt;", "(?i:", "(?i)".</summary>
    private static int GroupIntroducerEnd(string pattern, int i, string? filePath)
    {
        if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
        {
            return i + 1;
        }
        if (i + 2 >= pattern.Length)
        {
            throw Unsupported(pattern, filePath, "unterminated group");
        }
        var kind = pattern[i + 2];
        if (kind is ':' or '=' or '!' or '>')
        {
            return i + 3;
        }
        if (kind == '<' && i + 3 < pattern.Length && pattern[i + 3] is '=' or '!')
        {
            return i + 4;
        }
        var j = i + 2;
        var terminator = kind == '<' ? '>' : ':';
        while (j < pattern.Length && pattern[j] != terminator && pattern[j] != ')')
        {
            if (kind != '<' && !(char.IsAsciiLetter(pattern[j]) || pattern[j] == '-'))
            {
                throw Unsupported(pattern, filePath, $"group syntax '(?{kind}' is not supported");
            }
            j++;
        }
        if (j >= pattern.Length)
        {
            throw Unsupported(pattern, filePath, "unterminated group");
        }
        return j + 1;
    }

    private static int CopyQuantifier(string pattern, int i, StringBuilder output, int atomStart, string? filePath)
    {
        var start = i;
        if (pattern[i] == '{')
        {
            var close = pattern.IndexOf('}', i);
            if (close < 0 || !IsCountedRepeat(pattern.AsSpan(i + 1, close - i - 1)))
            {
                // A brace that is not a counted repeat is a literal in Oniguruma.
                output.Append("\\{");
                return i + 1;
            }
            i = close + 1;
        }
        else
        {
            i++;
        }
        if (atomStart < 0)
        {
            throw Unsupported(pattern, filePath, $"quantifier without operand at offset {start}");
        }
        var quantifier = pattern[start..i];
        if (i < pattern.Length && pattern[i] == '+')
        {
            var atom = output.ToString(atomStart, output.Length - atomStart);
            output.Length = atomStart;
            // Oniguruma: "X?+", "X*+", "X++" are possessive; "X{n,m}+" is a repeat of a repeat.
            output.Append(quantifier[0] == '{' ? $"(?:{atom}{quantifier})+" : $"(?>{atom}{quantifier})");
            return i + 1;
        }
        output.Append(quantifier);
        if (i < pattern.Length && pattern[i] == '?')
        {
            output.Append('?');
            i++;
        }
        return i;
    }

    private static bool IsCountedRepeat(ReadOnlySpan<char> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }
        var comma = false;
        foreach (var c in body)
        {
            if (c == ',' && !comma)
            {
                comma = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return body[0] != ',';
    }

    private static int CopyEscape(string pattern, int i, StringBuilder output, string? filePath, bool inClass)
    {
        if (i + 1 >= pattern.Length)
        {
            throw Unsupported(pattern, filePath, "trailing backslash");
        }
        var next = pattern[i + 1];
        switch (next)
        {
            case 'p' or 'P' when i + 2 < pattern.Length && pattern[i + 2] == '{':
            {
                var close = pattern.IndexOf('}', i);
                if (close < 0)
                {
                    throw Unsupported(pattern, filePath, "unterminated \\p{");
                }
                output.Append(pattern, i, close - i + 1);
                return close + 1;
            }
            case 'x' when i + 2 < pattern.Length && pattern[i + 2] == '{':
            {
                var close = pattern.IndexOf('}', i);
                if (close < 0)
                {
                    throw Unsupported(pattern, filePath, "unterminated \\x{");
                }
                var codePoint = Convert.ToInt32(pattern[(i + 3)..close], 16);
                foreach (var unit in char.ConvertFromUtf32(codePoint))
                {
                    output.Append($"\\u{(int)unit:X4}");
                }
                return close + 1;
            }
            case 'h':
                output.Append(inClass ? "0-9a-fA-F" : "[0-9a-fA-F]");
                return i + 2;
            case 'H' when !inClass:
                output.Append("[^0-9a-fA-F]");
                return i + 2;
            case 'G' or 'K' or 'R' or 'X' or 'y' or 'Y':
                throw Unsupported(pattern, filePath, $"escape \\{next} has no .NET equivalent");
            default:
                output.Append('\\').Append(next);
                return i + 2;
        }
    }

    private static int CopyClass(string pattern, int i, StringBuilder output, string? filePath)
    {
        output.Append('[');
        i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            output.Append('^');
            i++;
        }
        if (i < pattern.Length && pattern[i] == ']')
        {
            output.Append("\\]");
            i++;
        }
        while (i < pattern.Length)
        {
            var ch = pattern[i];
            if (ch == ']')
            {
                output.Append(']');
                return i + 1;
            }
            if (ch == '\\')
            {
                i = CopyEscape(pattern, i, output, filePath, inClass: true);
                continue;
            }
            if (ch == '[' || (ch == '&' && i + 1 < pattern.Length && pattern[i + 1] == '&'))
            {
                throw Unsupported(pattern, filePath, "nested, intersected or POSIX character classes");
            }
            output.Append(ch);
            i++;
        }
        throw Unsupported(pattern, filePath, "unterminated character class");
    }

    private static UnsupportedTokenizerComponentException Unsupported(string pattern, string? filePath, string detail) =>
        new("pattern", pattern, filePath, detail);
}
