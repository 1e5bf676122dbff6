using System.Text;
using System.Text.Json;

namespace Inference.Engine.Constraints;

/// <summary>
/// The JSON pieces the schema compiler and <c>json_object</c> share, each a rule made once per grammar:
/// <list type="bullet">
/// <item>whitespace between tokens: nothing, one space, or one line break followed by up to 32 spaces or tabs (room
/// for indented output, no room to pad a document with blank lines);</item>
/// <item>strings: any Unicode scalar but '"', '\' and controls as valid UTF-8, or an escape; \u escapes name a BMP
/// character or a proper surrogate pair, so every string decodes to valid Unicode;</item>
/// <item>numbers: the JSON number grammar with at most 16 integer digits, 16 fraction digits and a two-digit exponent,
/// so every value parses as a finite double; integers: an optional minus and at most 16 digits, no leading zeros;</item>
/// <item>any value, any object and any array (recursive).</item>
/// </list>
/// Literal strings (keys, enum and const values) accept both the raw character and its \u escape for non-ASCII
/// characters, so a character the vocabulary cannot spell is still reachable through the escape.
/// </summary>
internal sealed class JsonLexicon(GrammarBuilder b)
{
    public const int MaxIndent = 32;
    public const int MaxIntegerDigits = 16;
    public const int MaxFractionDigits = 16;
    public const int MaxExponentDigits = 2;

    private int ws = -1, str = -1, number = -1, integer = -1, value = -1, obj = -1, array = -1;

    public int Whitespace(int from) => b.CallRule(from, ws >= 0 ? ws : ws = BuildWhitespace());

    public int String(int from) => b.CallRule(from, str >= 0 ? str : str = BuildString());

    public int Number(int from) => b.CallRule(from, number >= 0 ? number : number = BuildNumber(fraction: true));

    public int Integer(int from) => b.CallRule(from, integer >= 0 ? integer : integer = BuildNumber(fraction: false));

    public int Boolean(int from) => b.Choice(from, [f => b.Literal(f, "true"u8), f => b.Literal(f, "false"u8)]);

    public int Null(int from) => b.Literal(from, "null"u8);

    /// <summary>Any JSON value.</summary>
    public int Value(int from)
    {
        if (value < 0)
        {
            value = b.NewRule("json value");
            var start = b.Start(value);
            b.Finish(b.Choice(start, [Object, Array, String, Number, Boolean, Null]), value);
        }
        return b.CallRule(from, value);
    }

    /// <summary>Any JSON object.</summary>
    public int Object(int from)
    {
        if (obj < 0)
        {
            obj = b.NewRule("json object");
            var start = b.Start(obj);
            b.Finish(Members(start, f => Value(f)), obj);
        }
        return b.CallRule(from, obj);
    }

    /// <summary>Any JSON array.</summary>
    public int Array(int from)
    {
        if (array < 0)
        {
            array = b.NewRule("json array");
            b.Finish(Elements(b.Start(array), f => Value(f), 0, -1), array);
        }
        return b.CallRule(from, array);
    }

    /// <summary>'{' members with any string keys '}', each value given by <paramref name="member"/>.</summary>
    public int Members(int from, Func<int, int> member)
    {
        var open = Whitespace(b.Literal(from, "{"u8));
        int Pair(int f) => Whitespace(member(Whitespace(b.Literal(Whitespace(String(f)), ":"u8))));
        var list = b.Optional(open, f => b.Star(Pair(f), g => Pair(Whitespace(b.Literal(g, ","u8)))));
        return b.Literal(list, "}"u8);
    }

    /// <summary>'[' items ']' with between <paramref name="min"/> and <paramref name="max"/> (-1: any) items.</summary>
    public int Elements(int from, Func<int, int> item, int min, int max)
    {
        var open = Whitespace(b.Literal(from, "["u8));
        int Item(int f) => Whitespace(item(f));
        int Next(int f) => Item(Whitespace(b.Literal(f, ","u8)));
        int close;
        if (max == 0)
        {
            close = open;
        }
        else
        {
            var first = min == 0 ? b.Optional(open, f => b.Repeat(Item(f), Next, 0, max < 0 ? -1 : max - 1)) : b.Repeat(Item(open), Next, min - 1, max < 0 ? -1 : max - 1);
            close = first;
        }
        return b.Literal(close, "]"u8);
    }

    /// <summary>A JSON string whose value is exactly <paramref name="text"/>.</summary>
    public int StringLiteral(int from, string text)
    {
        var at = b.Literal(from, "\""u8);
        foreach (var rune in text.EnumerateRunes())
        {
            var scalar = rune.Value;
            at = scalar switch
            {
                '"' => b.Literal(at, "\\\""u8),
                '\\' => b.Literal(at, "\\\\"u8),
                < 0x20 => b.Choice(at, [f => ShortEscape(f, scalar), f => UnicodeEscape(f, scalar)]),
                < 0x80 => b.Byte(at, (byte)scalar, (byte)scalar),
                _ => b.Choice(at, [f => b.Literal(f, Encoding.UTF8.GetBytes(rune.ToString())), f => UnicodeEscape(f, scalar)]),
            };
        }
        return b.Literal(at, "\""u8);
    }

    /// <summary>Exactly <paramref name="element"/>, compactly written (strings as <see cref="StringLiteral"/>).</summary>
    public int ValueLiteral(int from, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return StringLiteral(from, element.GetString()!);
            case JsonValueKind.Array:
            {
                var at = b.Literal(from, "["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) at = b.Literal(at, ","u8);
                    at = ValueLiteral(at, item);
                    first = false;
                }
                return b.Literal(at, "]"u8);
            }
            case JsonValueKind.Object:
            {
                var at = b.Literal(from, "{"u8);
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!first) at = b.Literal(at, ","u8);
                    at = b.Literal(StringLiteral(at, property.Name), ":"u8);
                    at = ValueLiteral(at, property.Value);
                    first = false;
                }
                return b.Literal(at, "}"u8);
            }
            default:
                // Numbers keep their text; true, false, null are themselves.
                return b.Literal(from, Encoding.UTF8.GetBytes(element.GetRawText()));
        }
    }

    private int ShortEscape(int from, int scalar) => scalar switch
    {
        '\b' => b.Literal(from, "\\b"u8),
        '\f' => b.Literal(from, "\\f"u8),
        '\n' => b.Literal(from, "\\n"u8),
        '\r' => b.Literal(from, "\\r"u8),
        '\t' => b.Literal(from, "\\t"u8),
        _ => UnicodeEscape(from, scalar),
    };

    /// <summary>\uXXXX (hex digits in either case), a surrogate pair of them above the BMP.</summary>
    private int UnicodeEscape(int from, int scalar)
    {
        if (scalar > 0xFFFF)
        {
            var v = scalar - 0x10000;
            return UnicodeEscape(UnicodeEscape(from, 0xD800 + (v >> 10)), 0xDC00 + (v & 0x3FF));
        }
        var at = b.Literal(from, "\\u"u8);
        for (var shift = 12; shift >= 0; shift -= 4)
        {
            var digit = (scalar >> shift) & 0xF;
            var lower = (byte)"0123456789abcdef"[digit];
            var upper = (byte)"0123456789ABCDEF"[digit];
            var next = b.NewNode(at);
            b.Bytes(at, lower, lower, next);
            if (upper != lower) b.Bytes(at, upper, upper, next);
            at = next;
        }
        return at;
    }

    private int BuildWhitespace()
    {
        var rule = b.NewRule("json whitespace");
        var start = b.Start(rule);
        b.Finish(start, rule);
        b.Finish(b.Literal(start, " "u8), rule);
        var indent = b.Repeat(b.Literal(start, "\n"u8), f => b.Choice(f, [g => b.Literal(g, " "u8), g => b.Literal(g, "\t"u8)]), 0, MaxIndent);
        b.Finish(indent, rule);
        return rule;
    }

    private int BuildString()
    {
        var rule = b.NewRule("json string");
        var open = b.Literal(b.Start(rule), "\""u8);
        var chars = b.NewNode(open);
        b.Epsilon(open, chars);
        // Unescaped: U+0020 and up except '"' (0x22) and '\' (0x5C).
        Utf8Ranges.Add(b, chars, chars, [(0x20, 0x21), (0x23, 0x5B), (0x5D, Utf8Ranges.MaxScalar)]);
        var escape = b.Literal(chars, "\\"u8);
        foreach (var c in "\"\\/bfnrt") b.Bytes(escape, (byte)c, (byte)c, chars);
        var u = b.Literal(escape, "u"u8);
        // \u escapes: a BMP character that is not a surrogate, or a high surrogate followed by a low one.
        b.Epsilon(HexDigits(OneOf(u, "0123456789abcefABCEF"), 3), chars);
        var d = OneOf(u, "dD");
        b.Epsilon(HexDigits(OneOf(d, "01234567"), 2), chars);
        var high = HexDigits(OneOf(d, "89abAB"), 2);
        b.Epsilon(HexDigits(OneOf(OneOf(b.Literal(high, "\\u"u8), "dD"), "cdefCDEF"), 2), chars);
        b.Finish(b.Literal(chars, "\""u8), rule);
        return rule;
    }

    /// <summary>Reads one byte of <paramref name="set"/>; returns the node after it.</summary>
    private int OneOf(int from, string set)
    {
        var to = b.NewNode(from);
        foreach (var c in set) b.Bytes(from, (byte)c, (byte)c, to);
        return to;
    }

    private int HexDigits(int from, int count)
    {
        for (var i = 0; i < count; i++) from = OneOf(from, "0123456789abcdefABCDEF");
        return from;
    }

    private int BuildNumber(bool fraction)
    {
        var rule = b.NewRule(fraction ? "json number" : "json integer");
        var start = b.Start(rule);
        var sign = b.Optional(start, f => b.Literal(f, "-"u8));
        var whole = b.Choice(sign, [
            f => b.Literal(f, "0"u8),
            f => b.Repeat(b.Byte(f, (byte)'1', (byte)'9'), g => b.Byte(g, (byte)'0', (byte)'9'), 0, MaxIntegerDigits - 1),
        ]);
        if (!fraction)
        {
            b.Finish(whole, rule);
            return rule;
        }
        var withFraction = b.Optional(whole, f => b.Repeat(b.Literal(f, "."u8), g => b.Byte(g, (byte)'0', (byte)'9'), 1, MaxFractionDigits));
        var withExponent = b.Optional(withFraction, f =>
        {
            var e = b.Choice(f, [g => b.Literal(g, "e"u8), g => b.Literal(g, "E"u8)]);
            var s = b.Optional(e, g => b.Choice(g, [h => b.Literal(h, "+"u8), h => b.Literal(h, "-"u8)]));
            return b.Repeat(s, g => b.Byte(g, (byte)'0', (byte)'9'), 1, MaxExponentDigits);
        });
        b.Finish(withExponent, rule);
        return rule;
    }
}
