using Inference.Engine.Constraints;
using Inference.Engine.Tests.Tokenization;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// What the supported subset refuses, and how: a <see cref="ConstraintCompileException"/> naming the keyword and its
/// JSON pointer (the API turns it into a 400), the offset of a regex construct, the index of a bad choice.
/// </summary>
public sealed class CompileErrorTests
{
    [Theory]
    [InlineData("""{"type":"string","pattern":"a+"}""", "pattern", "/pattern")]
    [InlineData("""{"type":"string","minLength":2}""", "minLength", "/minLength")]
    [InlineData("""{"type":"string","format":"date"}""", "format", "/format")]
    [InlineData("""{"type":"integer","minimum":0}""", "minimum", "/minimum")]
    [InlineData("""{"type":"array","items":{"type":"string"},"minItems":1}""", "minItems", "/minItems")]
    [InlineData("""{"oneOf":[{"type":"string"}]}""", "oneOf", "/oneOf")]
    [InlineData("""{"allOf":[{"type":"string"}]}""", "allOf", "/allOf")]
    [InlineData("""{"not":{"type":"string"}}""", "not", "/not")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{"b~/c":{"type":"number","multipleOf":2}}}}}""", "multipleOf", "/properties/a/properties/b~0~1c/multipleOf")]
    [InlineData("""{"type":"object","patternProperties":{"x":{}}}""", "patternProperties", "/patternProperties")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", "additionalProperties", "/additionalProperties")]
    [InlineData("""{"type":"array","prefixItems":[{"type":"string"}]}""", "prefixItems", "/prefixItems")]
    [InlineData("""{"$defs":{"a":{"type":"string","maxLength":3}},"$ref":"#/$defs/a"}""", "maxLength", "/$defs/a/maxLength")]
    [InlineData("""{"$ref":"https://example.com/schema.json"}""", "$ref", "/$ref")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "$ref", "/$ref")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}""", "required", "/required/0")]
    [InlineData("""{"type":"strings"}""", "type", "/type")]
    [InlineData("""{"type":"integer","enum":[1,"two"]}""", "enum", "/enum/1")]
    [InlineData("""{"type":"string","anyOf":[{"type":"string"}]}""", "type", "/type")]
    [InlineData("""{"$ref":"#"}""", "$ref", "")]
    [InlineData("""{"$defs":{"a":{"anyOf":[{"$ref":"#/$defs/b"}]},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""", "$ref", "/$defs/a")]
    [InlineData("""{"$id":"https://example.com/s","type":"string"}""", "$id", "/$id")]
    public void UnsupportedOrMalformedSchemasNameTheKeywordAndItsPointer(string schema, string keyword, string pointer)
    {
        var error = Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromJsonSchema(schema));
        Assert.Equal(keyword, error.Keyword);
        Assert.Equal(pointer, error.Path);
        Assert.Contains(keyword, error.Message);
    }

    [Fact]
    public void AnnotationsAreIgnoredAndFalseOrInvalidSchemasAreRefused()
    {
        TokenConstraint.FromJsonSchema("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"t","description":"d","$comment":"c","examples":[1],
             "type":"integer","default":3,"deprecated":false,"readOnly":true,"writeOnly":false}
            """);
        Assert.Equal("", Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromJsonSchema("false")).Path);
        Assert.Equal("", Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromJsonSchema("{not json")).Path);
        Assert.Equal("/items", Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromJsonSchema("""{"type":"array","items":3}""")).Path);
    }

    [Theory]
    [InlineData(@"a\1", 1)]
    [InlineData(@"(?=a)b", 0)]
    [InlineData(@"(?i)abc", 0)]
    [InlineData(@"\bword", 0)]
    [InlineData(@"a^b", 1)]
    [InlineData(@"a$b", 1)]
    [InlineData(@"\p{L}+", 0)]
    [InlineData(@"[a-z-[aeiou]]", 4)]
    [InlineData(@"a{3,1}", 1)]
    [InlineData(@"a{1001}", 1)]
    [InlineData(@"a++", 2)]
    [InlineData(@"*a", 0)]
    [InlineData(@"(ab", 0)]
    [InlineData(@"ab)", 2)]
    [InlineData(@"[z-a]", 2)]
    [InlineData(@"\q", 0)]
    public void UnsupportedRegexConstructsNameTheirOffset(string pattern, int offset)
    {
        var error = Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromRegex(pattern));
        Assert.Equal($"pattern[{offset}]", error.Path);
        Assert.Null(error.Keyword);
    }

    [Fact]
    public void ChoicesMustBeNonEmptyAndOutputMustBeAbleToBeNonEmpty()
    {
        Assert.Equal("choices", Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromChoices([])).Path);
        Assert.Equal("choices[1]", Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromChoices(["a", null!])).Path);
        var vocabulary = ConstraintVocabulary.For(TokenizerFixtures.Load("gpt2"), 1000);
        Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromChoices([""]).Bind(vocabulary));
        Assert.Throws<ConstraintCompileException>(() => TokenConstraint.FromRegex("(a{0})?").Bind(vocabulary));
    }

    [Fact]
    public void CompiledConstraintsAreCachedByCanonicalText()
    {
        var a = TokenConstraint.FromJsonSchema("""{"type": "object", "properties": {"a": {"type": "integer"}}}""");
        var b = TokenConstraint.FromJsonSchema("""{ "type":"object","properties":{ "a":{"type":"integer"} } }""");
        var c = TokenConstraint.FromJsonSchema("""{"properties":{"a":{"type":"integer"}},"type":"object"}""");
        Assert.Same(a, b);
        Assert.NotSame(a, c); // key order is the order properties are written in: a different constraint
        var vocabulary = ConstraintVocabulary.For(TokenizerFixtures.Load("gpt2"), 1000);
        Assert.Same(a.Bind(vocabulary), b.Bind(vocabulary));
        Assert.Same(vocabulary, ConstraintVocabulary.For(TokenizerFixtures.Load("gpt2"), 1000));
    }
}
