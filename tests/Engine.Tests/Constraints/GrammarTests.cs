using System.Text;
using Inference.Engine.Constraints;
using Inference.Engine.Tests.Tokenization;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// What the compiled grammars accept, byte for byte: JSON strings (escapes, surrogate pairs, UTF-8 validity), numbers
/// and integers, whitespace, optional and ordered properties, json_object, and regex classes over every BMP character.
/// </summary>
public sealed class GrammarTests
{
    private static readonly ConstraintVocabulary Vocabulary = ConstraintVocabulary.For(TokenizerFixtures.Load("gpt2"), 1000);

    private static bool Accepts(TokenConstraint constraint, byte[] bytes)
    {
        var bound = constraint.Bind(Vocabulary);
        return bound.Step(bound.Start, bytes).Accepting;
    }

    private static bool Accepts(TokenConstraint constraint, string text) => Accepts(constraint, Encoding.UTF8.GetBytes(text));

    private static readonly TokenConstraint AnyString = TokenConstraint.FromJsonSchema("""{"type":"string"}""");

    [Theory]
    [InlineData("\"\"", true)]
    [InlineData("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", true)]
    [InlineData("\"\\u00e9\\u00E9\\uFFFF\\u0000\"", true)]
    [InlineData("\"\\ud83d\\ude42\"", true)]
    [InlineData("\"é🙂\u007f\"", true)]
    [InlineData("\"\\ud83d\"", false)]
    [InlineData("\"\\ude42\"", false)]
    [InlineData("\"\\ud83dx\"", false)]
    [InlineData("\"a\nb\"", false)]
    [InlineData("\"\\x41\"", false)]
    [InlineData("\"\\u12\"", false)]
    [InlineData("\"abc", false)]
    [InlineData(" \"abc\"", true)]
    [InlineData("\"abc\" ", false)]
    public void JsonStrings(string text, bool accepted) => Assert.Equal(accepted, Accepts(AnyString, text));

    [Theory]
    [InlineData(new byte[] { 0x22, 0xC0, 0x80, 0x22 })]           // overlong
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 })]     // a surrogate encoded
    [InlineData(new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 })] // above U+10FFFF
    [InlineData(new byte[] { 0x22, 0x80, 0x22 })]                 // a lone continuation byte
    [InlineData(new byte[] { 0x22, 0xE4, 0xB8, 0x22 })]           // a truncated character
    public void InvalidUtf8IsNotAString(byte[] bytes) => Assert.False(Accepts(AnyString, bytes));

    [Fact]
    public void EveryScalarValueIsAStringCharacter()
    {
        for (var scalar = 0x20; scalar <= 0x10FFFF; scalar += scalar < 0x10000 ? 1 : 97)
        {
            if (scalar is >= 0xD800 and <= 0xDFFF || scalar == '"' || scalar == '\\') continue;
            Assert.True(Accepts(AnyString, "\"" + char.ConvertFromUtf32(scalar) + "\""), $"U+{scalar:X4}");
        }
    }

    [Theory]
    [InlineData("0", true, true)]
    [InlineData("-0", true, true)]
    [InlineData("1234567890123456", true, true)]
    [InlineData("12345678901234567", false, false)]
    [InlineData("1.5", true, false)]
    [InlineData("-3.25e-10", true, false)]
    [InlineData("1E+05", true, false)]
    [InlineData("1e99", true, false)]
    [InlineData("1e100", false, false)]
    [InlineData("01", false, false)]
    [InlineData("1.", false, false)]
    [InlineData(".5", false, false)]
    [InlineData("+1", false, false)]
    [InlineData("1e", false, false)]
    public void NumbersAndIntegers(string text, bool number, bool integer)
    {
        Assert.Equal(number, Accepts(TokenConstraint.FromJsonSchema("""{"type":"number"}"""), text));
        Assert.Equal(integer, Accepts(TokenConstraint.FromJsonSchema("""{"type":"integer"}"""), text));
    }

    [Theory]
    [InlineData("{}", false)]
    [InlineData("{\"b\":\"x\"}", false)]
    [InlineData("{\"c\":1}", true)]
    [InlineData("{\"a\":true,\"c\":1}", true)]
    [InlineData("{ \"a\" : true , \"b\" : \"x\" , \"c\" : 2 }", true)]
    [InlineData("{\n  \"a\": false,\n\t\"c\": 3\n}", true)]
    [InlineData("{\"c\":1,\"a\":true}", false)]
    [InlineData("{,\"c\":1}", false)]
    [InlineData("{\"a\":true}", false)]
    [InlineData("{\"c\":1,}", false)]
    [InlineData("{\"c\":1,\"d\":2}", false)]
    [InlineData("{\n\n\"c\":1}", false)]
    public void PropertiesAreWrittenInOrderAndOnlyOptionalOnesMayBeLeftOut(string text, bool accepted)
    {
        var schema = TokenConstraint.FromJsonSchema("""
            {"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":"string"},"c":{"type":"integer"}},"required":["c"],"additionalProperties":false}
            """);
        Assert.Equal(accepted, Accepts(schema, text));
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}", true)]
    [InlineData("{\"a\":1,\"a\":2}", true)]
    [InlineData("[]", false)]
    [InlineData("{,}", false)]
    [InlineData("{\"a\"}", false)]
    [InlineData("\"x\"", false)]
    public void JsonObject(string text, bool accepted) => Assert.Equal(accepted, Accepts(TokenConstraint.JsonObject, text));

    [Theory]
    [InlineData(".", "\n")]
    [InlineData("[^a-z]", "abcdefghijklmnopqrstuvwxyz")]
    [InlineData(@"[\u0100-\u07ff\u3000-\u30ff]", null)]
    [InlineData(@"\W", null)]
    [InlineData(@"[^\d\s]", null)]
    public void ClassesMatchExactlyTheirBmpCharacters(string pattern, string? excluded)
    {
        var constraint = TokenConstraint.FromRegex(pattern);
        var reference = new System.Text.RegularExpressions.Regex($@"^{pattern}\z", System.Text.RegularExpressions.RegexOptions.ECMAScript);
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue;
            var text = ((char)c).ToString();
            var expected = excluded is null ? reference.IsMatch(text) : !excluded.Contains((char)c);
            Assert.True(expected == Accepts(constraint, text), $"/{pattern}/ U+{c:X4}: expected {expected}");
        }
        // Characters beyond the BMP are outside '.' and negated classes (UTF-16 engines see two units there).
        Assert.False(Accepts(constraint, "🙂"));
    }
}

/// <summary>The state graph of an unboundedly nested grammar starts afresh past its size limit, without disturbing rows on it.</summary>
public sealed class StateGraphRestartTests
{
    [Fact]
    public void ADeeplyNestedDocumentOutgrowsTheStateGraphAndStillCompletes()
    {
        var vocabulary = ConstraintVocabulary.For(TokenizerFixtures.Load("gpt2"), 1000);
        var bound = TokenConstraint.JsonObject.Bind(vocabulary);
        var open = Enumerable.Range(0, 1000).Single(id => vocabulary.BytesOf(id).SequenceEqual("["u8));
        var close = Enumerable.Range(0, 1000).Single(id => vocabulary.BytesOf(id).SequenceEqual("]"u8));
        var key = Enumerable.Range(0, 1000).Single(id => vocabulary.BytesOf(id).SequenceEqual("\""u8));
        var colon = Enumerable.Range(0, 1000).Single(id => vocabulary.BytesOf(id).SequenceEqual(":"u8));
        var brace = Enumerable.Range(0, 1000).Single(id => vocabulary.BytesOf(id).SequenceEqual("{"u8));
        var end = Enumerable.Range(0, 1000).Single(id => vocabulary.BytesOf(id).SequenceEqual("}"u8));
        var matcher = bound.CreateMatcher();
        var start = bound.Start;
        foreach (var id in new[] { brace, key, key, colon }) matcher.Advance(id);
        const int depth = 20_000;
        for (var i = 0; i < depth; i++) matcher.Advance(open);
        Assert.NotSame(start, bound.Start); // more states than the graph keeps: it started afresh
        Assert.Equal(depth + 1, matcher.TokensToComplete);
        for (var i = 0; i < depth; i++) matcher.Advance(close);
        matcher.Advance(end);
        Assert.True(matcher.IsComplete);
        var fresh = bound.CreateMatcher();
        fresh.Advance(brace);
        fresh.Advance(end);
        Assert.True(fresh.IsComplete);
    }
}
