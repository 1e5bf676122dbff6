using System.Globalization;

namespace Inference.Engine.Constraints;

/// <summary>
/// Compiles a regular expression that the whole output must match into a <see cref="Grammar"/> (a byte automaton the
/// recogniser determinises lazily, one state per set of positions). The subset: literals, '.', classes with ranges
/// and negation, escapes (\d \w \s and their negations with ASCII meaning as in ECMAScript, \n \t \r \f \v \0,
/// \xHH, \uHHHH, escaped punctuation), groups ((...), (?:...), (?&lt;name&gt;...)), alternation, ?, *, +, {m},
/// {m,}, {m,n} (lazy forms too: laziness does not change what matches), and '^'/'$' at the very start/end. '.' and
/// negated classes stand for BMP characters only, so a match is a match for UTF-16 engines (.NET, JavaScript) and
/// code point engines (Python) alike. Anchors elsewhere, word boundaries, backreferences, lookaround, inline options,
/// Unicode categories and class subtraction are refused with the offset of the construct.
/// </summary>
internal sealed class RegexCompiler
{
    /// <summary>The largest repetition count accepted in {m,n}.</summary>
    public const int MaxRepeat = 1000;

    private const int BmpLimit = 0xFFFF;

    private static readonly (int, int)[] Digits = [('0', '9')];
    private static readonly (int, int)[] Word = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
    private static readonly (int, int)[] Space = [('\t', '\r'), (' ', ' ')];

    /// <summary>What \W leaves out: the word characters, and 'İ', which .NET's ECMAScript \w also matches (a case-folding
    /// quirk), so that a generated \W is a non-word character there too.</summary>
    private static readonly (int, int)[] NotNonWord = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z'), (0x130, 0x130)];

    private readonly string pattern;
    private int at;

    private RegexCompiler(string pattern)
    {
        this.pattern = pattern;
    }

    public static Grammar Compile(string pattern)
    {
        var compiler = new RegexCompiler(pattern);
        var tree = compiler.ParseAlternation();
        if (compiler.at < pattern.Length) throw compiler.Error("unbalanced ')'");
        var b = new GrammarBuilder("pattern");
        var rule = b.NewRule("pattern");
        b.Finish(Emit(b, b.Start(rule), tree), rule);
        return b.Build(rule);
    }

    private abstract record Node;

    private sealed record Chars(List<(int Lo, int Hi)> Ranges) : Node;

    private sealed record Sequence(List<Node> Items) : Node;

    private sealed record Alternation(List<Node> Options) : Node;

    private sealed record Repetition(Node Item, int Min, int Max) : Node;

    private static int Emit(GrammarBuilder b, int from, Node node)
    {
        switch (node)
        {
            case Chars c:
            {
                var to = b.NewNode(from);
                Utf8Ranges.Add(b, from, to, c.Ranges);
                return to;
            }
            case Sequence s:
                foreach (var item in s.Items) from = Emit(b, from, item);
                return from;
            case Alternation a:
                return b.Choice(from, a.Options.Select(o => (Func<int, int>)(f => Emit(b, f, o))));
            case Repetition r:
                return b.Repeat(from, f => Emit(b, f, r.Item), r.Min, r.Max);
            default:
                throw new InvalidOperationException();
        }
    }

    private ConstraintCompileException Error(string what, int? offset = null)
    {
        var where = offset ?? at;
        return new ConstraintCompileException($"Regex pattern at offset {where}: {what}.", $"pattern[{where}]");
    }

    private bool More => at < pattern.Length;

    private char Peek => pattern[at];

    private Node ParseAlternation()
    {
        var options = new List<Node> { ParseSequence() };
        while (More && Peek == '|')
        {
            at++;
            options.Add(ParseSequence());
        }
        return options.Count == 1 ? options[0] : new Alternation(options);
    }

    private Node ParseSequence()
    {
        var items = new List<Node>();
        while (More && Peek != '|' && Peek != ')')
        {
            var atom = ParseAtom();
            if (atom is null) continue;
            items.Add(ParseQuantifiers(atom));
        }
        return new Sequence(items);
    }

    private Node ParseQuantifiers(Node atom)
    {
        while (More)
        {
            int min, max;
            switch (Peek)
            {
                case '*': (min, max) = (0, -1); at++; break;
                case '+': (min, max) = (1, -1); at++; break;
                case '?': (min, max) = (0, 1); at++; break;
                case '{' when TryParseCount(out min, out max): break;
                default: return atom;
            }
            if (More && Peek == '?') at++; // lazy: the same language
            else if (More && Peek == '+') throw Error("possessive quantifiers are not supported");
            atom = new Repetition(atom, min, max);
        }
        return atom;
    }

    /// <summary>{m}, {m,} or {m,n} at the cursor; anything else leaves the '{' to be read as a literal.</summary>
    private bool TryParseCount(out int min, out int max)
    {
        min = max = 0;
        var close = pattern.IndexOf('}', at);
        if (close < 0) return false;
        var body = pattern[(at + 1)..close];
        var parts = body.Split(',');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min)) return false;
        if (parts.Length == 1) max = min;
        else if (parts[1].Length == 0) max = -1;
        else if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out max)) return false;
        if (max >= 0 && max < min) throw Error($"{{{body}}}: the maximum is below the minimum");
        if (min > MaxRepeat || max > MaxRepeat) throw Error($"{{{body}}}: repetition counts above {MaxRepeat} are not supported");
        at = close + 1;
        return true;
    }

    /// <summary>One atom, or null for an anchor that matches the empty string at the start or end.</summary>
    private Node? ParseAtom()
    {
        var c = Peek;
        switch (c)
        {
            case '(':
                return ParseGroup();
            case '[':
                return new Chars(ParseClass());
            case '.':
                at++;
                return new Chars(Utf8Ranges.Complement([('\n', '\n')], BmpLimit));
            case '^':
                if (at != 0) throw Error("'^' is supported only at the start of the pattern (the whole output is matched)");
                at++;
                return null;
            case '$':
                if (at != pattern.Length - 1) throw Error("'$' is supported only at the end of the pattern (the whole output is matched)");
                at++;
                return null;
            case '*' or '+' or '?':
                throw Error($"'{c}' has nothing to repeat");
            case '\\':
                return new Chars(ParseEscape(inClass: false));
            default:
                var rune = ReadRune();
                return new Chars([(rune, rune)]);
        }
    }

    private Node ParseGroup()
    {
        var open = at;
        at++;
        if (More && Peek == '?')
        {
            var rest = pattern.AsSpan(at);
            if (rest.StartsWith("?:")) at += 2;
            else if ((rest.StartsWith("?<") && rest.Length > 2 && rest[2] is not ('=' or '!')) || rest.StartsWith("?'") || rest.StartsWith("?P<"))
            {
                var close = pattern.IndexOfAny(['>', '\''], at + 2);
                if (close < 0) throw Error("unterminated group name");
                at = close + 1;
            }
            else throw Error("lookaround, inline options and other (?...) constructs are not supported", open);
        }
        var inner = ParseAlternation();
        if (!More || Peek != ')') throw Error("missing ')'", open);
        at++;
        return inner;
    }

    private int ReadRune()
    {
        if (char.IsHighSurrogate(pattern[at]) && at + 1 < pattern.Length && char.IsLowSurrogate(pattern[at + 1]))
        {
            var value = char.ConvertToUtf32(pattern[at], pattern[at + 1]);
            at += 2;
            return value;
        }
        if (char.IsSurrogate(pattern[at])) throw Error("a lone surrogate is not a character");
        return pattern[at++];
    }

    private List<(int Lo, int Hi)> ParseClass()
    {
        var open = at;
        at++;
        var negated = More && Peek == '^';
        if (negated) at++;
        var ranges = new List<(int Lo, int Hi)>();
        var first = true;
        while (true)
        {
            if (!More) throw Error("missing ']'", open);
            if (Peek == ']' && !first) break;
            first = false;
            if (Peek == '[' && at + 1 < pattern.Length && pattern[at + 1] == ':') throw Error("POSIX classes are not supported");
            if (Peek == '-' && at + 1 < pattern.Length && pattern[at + 1] == '[') throw Error("class subtraction is not supported");
            List<(int Lo, int Hi)> item;
            if (Peek == '\\') item = ParseEscape(inClass: true);
            else
            {
                var r = ReadRune();
                item = [(r, r)];
            }
            // A range a-b: both ends single characters, the '-' not last.
            if (item.Count == 1 && item[0].Lo == item[0].Hi && More && Peek == '-' && at + 1 < pattern.Length && pattern[at + 1] != ']')
            {
                var dash = at;
                at++;
                int hi;
                if (Peek != '\\') hi = ReadRune();
                else if (ParseEscape(inClass: true) is [var end] && end.Lo == end.Hi) hi = end.Lo;
                else throw Error("a range must end with a single character", dash);
                if (hi < item[0].Lo) throw Error("a range is reversed", dash);
                item = [(item[0].Lo, hi)];
            }
            ranges.AddRange(item);
        }
        at++;
        var set = Utf8Ranges.Normalize(ranges);
        return negated ? Utf8Ranges.Complement(set, BmpLimit) : set;
    }

    private List<(int Lo, int Hi)> ParseEscape(bool inClass)
    {
        var start = at;
        at++;
        if (!More) throw Error("the pattern ends with '\\'", start);
        var c = pattern[at++];
        switch (c)
        {
            case 'd': return [.. Digits];
            case 'w': return [.. Word];
            case 's': return [.. Space];
            case 'D': return Utf8Ranges.Complement(Digits, BmpLimit);
            case 'W': return Utf8Ranges.Complement(NotNonWord, BmpLimit);
            case 'S': return Utf8Ranges.Complement(Space, BmpLimit);
            case 'n': return [('\n', '\n')];
            case 't': return [('\t', '\t')];
            case 'r': return [('\r', '\r')];
            case 'f': return [('\f', '\f')];
            case 'v': return [('\v', '\v')];
            case '0' when !More || !char.IsAsciiDigit(Peek): return [(0, 0)];
            case 'x': return Single(ReadHex(2, start));
            case 'u': return Single(ReadHex(4, start));
            case 'b' when inClass: return [('\b', '\b')];
            case >= '1' and <= '9': throw Error("backreferences are not supported", start);
            case 'p' or 'P': throw Error("Unicode categories (\\p{...}) are not supported", start);
            case 'b' or 'B' or 'A' or 'z' or 'Z' or 'G' or 'k': throw Error($"'\\{c}' (anchors, word boundaries, named references) is not supported", start);
        }
        if (char.IsAsciiLetterOrDigit(c)) throw Error($"unknown escape '\\{c}'", start);
        at--;
        var rune = ReadRune();
        return [(rune, rune)];
    }

    private static List<(int Lo, int Hi)> Single(int value) => [(value, value)];

    private int ReadHex(int digits, int start)
    {
        if (at + digits > pattern.Length || !int.TryParse(pattern.AsSpan(at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw Error($"expected {digits} hex digits", start);
        at += digits;
        if (value is >= 0xD800 and <= 0xDFFF) throw Error("a surrogate is not a character", start);
        return value;
    }
}
