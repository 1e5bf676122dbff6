using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>
/// Splits a template into data and tag tokens, applying Jinja's whitespace rules exactly as its lexer does:
/// <c>{%-</c>/<c>-%}</c> strip all whitespace, <c>+</c> disables lstrip/trim, trim_blocks drops one newline after a
/// block or comment tag, lstrip_blocks removes spaces and tabs between a line start and a block or comment tag.
/// </summary>
internal sealed class TemplateLexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", "<", ">", "=", ".", ":", "|", ",", ";"];

    private readonly string _src;
    private readonly SourcePosition _positions;
    private readonly bool _trimBlocks;
    private readonly bool _lstripBlocks;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private bool _lineStarting = true;

    private TemplateLexer(string source, bool trimBlocks, bool lstripBlocks)
    {
        _src = source;
        _positions = new SourcePosition(source);
        _trimBlocks = trimBlocks;
        _lstripBlocks = lstripBlocks;
    }

    /// <summary>Jinja normalises every newline to \n and drops a single trailing newline (keep_trailing_newline=False).</summary>
    public static string NormalizeSource(string source)
    {
        var s = source.Replace("\r\n", "\n").Replace('\r', '\n');
        return s.EndsWith('\n') ? s[..^1] : s;
    }

    public static List<Token> Tokenize(string normalizedSource, bool trimBlocks, bool lstripBlocks)
    {
        var lexer = new TemplateLexer(normalizedSource, trimBlocks, lstripBlocks);
        lexer.Run();
        return lexer._tokens;
    }

    private TemplateSyntaxException Error(string message, int offset)
    {
        var (line, col) = _positions.Locate(Math.Min(offset, _src.Length));
        return new TemplateSyntaxException(message, line, col);
    }

    private void Run()
    {
        while (_pos < _src.Length)
        {
            var start = FindTagStart(_pos);
            if (start < 0)
            {
                Emit(TokenKind.Data, _src[_pos..], _pos);
                break;
            }
            var kind = _src[start + 1];
            var sign = start + 2 < _src.Length && (_src[start + 2] == '-' || _src[start + 2] == '+') ? _src[start + 2] : '\0';
            var text = _src[_pos..start];
            if (sign == '-') text = text.TrimEnd();
            else if (sign != '+' && _lstripBlocks && kind != '{') text = LStripLine(text);
            if (text.Length > 0) Emit(TokenKind.Data, text, _pos);

            var inner = start + 2 + (sign == '\0' ? 0 : 1);
            switch (kind)
            {
                case '#': LexComment(start, inner); break;
                case '%' when TryLexRaw(start, inner): break;
                case '%': LexTag(start, inner, TokenKind.BlockBegin, TokenKind.BlockEnd, "%}"); break;
                default: LexTag(start, inner, TokenKind.VariableBegin, TokenKind.VariableEnd, "}}"); break;
            }
        }
        _tokens.Add(new Token(TokenKind.Eof, "", _src.Length));
    }

    private int FindTagStart(int from)
    {
        for (var i = from; i < _src.Length - 1; i++)
            if (_src[i] == '{' && (_src[i + 1] == '{' || _src[i + 1] == '%' || _src[i + 1] == '#')) return i;
        return -1;
    }

    private string LStripLine(string text)
    {
        var lineStart = text.LastIndexOf('\n') + 1;
        if (lineStart == 0 && !_lineStarting) return text;
        for (var i = lineStart; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i])) return text;
        return text[..lineStart];
    }

    private void Emit(TokenKind kind, string text, int position) => _tokens.Add(new Token(kind, text, position));

    /// <summary>After a closing delimiter: '-' eats all whitespace, '+' nothing, otherwise trim_blocks eats one newline.</summary>
    private void AfterTagEnd(char sign, bool trimNewline)
    {
        var begin = _pos;
        if (sign == '-')
            while (_pos < _src.Length && char.IsWhiteSpace(_src[_pos])) _pos++;
        else if (sign != '+' && trimNewline && _pos < _src.Length && _src[_pos] == '\n') _pos++;
        _lineStarting = _pos > begin ? _src[_pos - 1] == '\n' : _src[_pos - 1] == '\n';
    }

    private void LexComment(int start, int inner)
    {
        var end = _src.IndexOf("#}", inner, StringComparison.Ordinal);
        if (end < 0) throw Error("Missing end of comment tag", start);
        var sign = end > inner && (_src[end - 1] == '-' || _src[end - 1] == '+') ? _src[end - 1] : '\0';
        _pos = end + 2;
        AfterTagEnd(sign, _trimBlocks);
    }

    private bool TryLexRaw(int start, int inner)
    {
        var p = SkipSpaces(inner);
        if (!MatchesWord(p, "raw")) return false;
        p = SkipSpaces(p + 3);
        var beginSign = '\0';
        if (At(p, "-%}")) { beginSign = '-'; p += 3; }
        else if (At(p, "%}")) p += 2;
        else return false;
        _pos = p;
        if (beginSign == '-') AfterTagEnd('-', false);

        var search = _pos;
        while (true)
        {
            var tag = _src.IndexOf("{%", search, StringComparison.Ordinal);
            if (tag < 0) throw Error("Missing end of raw directive", start);
            var q = tag + 2;
            var sign = q < _src.Length && (_src[q] == '-' || _src[q] == '+') ? _src[q] : '\0';
            if (sign != '\0') q++;
            q = SkipSpaces(q);
            if (!MatchesWord(q, "endraw")) { search = tag + 2; continue; }
            q = SkipSpaces(q + 6);
            var endSign = '\0';
            if (At(q, "-%}") || At(q, "+%}")) { endSign = _src[q]; q += 3; }
            else if (At(q, "%}")) q += 2;
            else throw Error("Invalid endraw tag", tag);

            var text = _src[_pos..tag];
            if (sign == '-') text = text.TrimEnd();
            else if (sign != '+' && _lstripBlocks) text = LStripLine(text);
            if (text.Length > 0) Emit(TokenKind.Data, text, _pos);
            _pos = q;
            AfterTagEnd(endSign, _trimBlocks);
            return true;
        }
    }

    private bool At(int p, string s) => string.CompareOrdinal(_src, p, s, 0, s.Length) == 0 && p + s.Length <= _src.Length;

    private bool MatchesWord(int p, string word) =>
        At(p, word) && (p + word.Length >= _src.Length || !IsNameChar(_src[p + word.Length]));

    private int SkipSpaces(int p)
    {
        while (p < _src.Length && char.IsWhiteSpace(_src[p])) p++;
        return p;
    }

    private static bool IsNameStart(char c) => c == '_' || char.IsLetter(c);
    private static bool IsNameChar(char c) => c == '_' || char.IsLetterOrDigit(c);

    private void LexTag(int start, int inner, TokenKind begin, TokenKind end, string closer)
    {
        Emit(begin, "", start);
        _pos = inner;
        var depth = new Stack<char>();
        while (true)
        {
            _pos = SkipSpaces(_pos);
            if (_pos >= _src.Length)
                throw Error(begin == TokenKind.BlockBegin ? "Unexpected end of template inside a block tag" : "Unexpected end of template inside a print tag", start);
            if (depth.Count == 0)
            {
                var sign = '\0';
                if (At(_pos, "-" + closer) || (closer == "%}" && At(_pos, "+" + closer))) sign = _src[_pos];
                if (sign != '\0' || At(_pos, closer))
                {
                    Emit(end, "", _pos);
                    _pos += closer.Length + (sign == '\0' ? 0 : 1);
                    AfterTagEnd(sign, end == TokenKind.BlockEnd && _trimBlocks);
                    return;
                }
            }
            LexExpressionToken(depth);
        }
    }

    private void LexExpressionToken(Stack<char> depth)
    {
        var c = _src[_pos];
        var start = _pos;
        if (c == '\'' || c == '"')
        {
            Emit(TokenKind.String, ReadString(c), start);
            return;
        }
        if (char.IsAsciiDigit(c))
        {
            LexNumber();
            return;
        }
        if (IsNameStart(c))
        {
            while (_pos < _src.Length && IsNameChar(_src[_pos])) _pos++;
            Emit(TokenKind.Name, _src[start.._pos], start);
            return;
        }
        foreach (var op in Operators)
        {
            if (!At(_pos, op)) continue;
            switch (op)
            {
                case "(" or "[" or "{": depth.Push(op[0]); break;
                case ")" or "]" or "}":
                    var expected = op == ")" ? '(' : op == "]" ? '[' : '{';
                    if (depth.Count == 0 || depth.Pop() != expected) throw Error($"unexpected '{op}'", start);
                    break;
            }
            _pos += op.Length;
            Emit(TokenKind.Operator, op, start);
            return;
        }
        throw Error($"unexpected char '{c}'", start);
    }

    private void LexNumber()
    {
        var start = _pos;
        ReadDigits();
        var isFloat = false;
        if (_pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            _pos++;
            ReadDigits();
            isFloat = true;
        }
        if (_pos < _src.Length && (_src[_pos] == 'e' || _src[_pos] == 'E'))
        {
            var p = _pos + 1;
            if (p < _src.Length && (_src[p] == '+' || _src[p] == '-')) p++;
            if (p < _src.Length && char.IsAsciiDigit(_src[p]))
            {
                _pos = p;
                ReadDigits();
                isFloat = true;
            }
        }
        Emit(isFloat ? TokenKind.Float : TokenKind.Integer, _src[start.._pos].Replace("_", ""), start);
    }

    private void ReadDigits()
    {
        while (_pos < _src.Length && (char.IsAsciiDigit(_src[_pos]) || (_src[_pos] == '_' && _pos + 1 < _src.Length && char.IsAsciiDigit(_src[_pos + 1]))))
            _pos++;
    }

    /// <summary>Reads a quoted literal and decodes Python escapes (Jinja decodes with 'unicode-escape').</summary>
    private string ReadString(char quote)
    {
        var start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length) throw Error("unexpected end of string", start);
            var c = _src[_pos++];
            if (c == quote) return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _src.Length) throw Error("unexpected end of string", start);
            var e = _src[_pos++];
            switch (e)
            {
                case '\n': break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append((char)ReadHex(2, start)); break;
                case 'u': sb.Append((char)ReadHex(4, start)); break;
                case 'U': sb.Append(char.ConvertFromUtf32(ReadHex(8, start))); break;
                case >= '0' and <= '7':
                    var value = e - '0';
                    for (var k = 0; k < 2 && _pos < _src.Length && _src[_pos] is >= '0' and <= '7'; k++)
                        value = value * 8 + (_src[_pos++] - '0');
                    sb.Append((char)value);
                    break;
                default: sb.Append('\\').Append(e); break;
            }
        }
    }

    private int ReadHex(int digits, int start)
    {
        if (_pos + digits > _src.Length || !int.TryParse(_src.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw Error("truncated \\x, \\u or \\U escape in string", start);
        if (digits == 8 && value > 0x10FFFF) throw Error("illegal Unicode character in string", start);
        _pos += digits;
        return value;
    }
}
