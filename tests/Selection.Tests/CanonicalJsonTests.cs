using System.Text.Json.Nodes;

namespace Inference.Selection.Tests;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"b":1,"a":[1.0, 2e0, -0.0]}""", """{"a":[1,2,0],"b":1}""")]
    [InlineData(""" { "x" : { "z": true, "y": null } } """, """{"x":{"y":null,"z":true}}""")]
    [InlineData("""{"n":1e15,"m":1000000000000000,"f":0.1,"g":1.50}""", """{"f":0.1,"g":1.5,"m":1000000000000000,"n":1000000000000000}""")]
    [InlineData("""{"big":123456789012345678901234567890}""", """{"big":123456789012345678901234567890}""")]
    [InlineData("""{"s":"caf\u00e9 \"q\" \/"}""", """{"s":"café \"q\" /"}""")]
    [InlineData("""{"a":1,"a":2}""", """{"a":2}""")]
    [InlineData("\"text\"", "\"text\"")]
    public void EqualDocumentsHaveOneSpelling(string json, string canonical) => Assert.Equal(canonical, CanonicalJson.TryCanonicalize(json));

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("not json")]
    [InlineData("{} {}")]
    [InlineData("")]
    public void TextThatIsNotOneJsonValueHasNoCanonicalForm(string text) => Assert.Null(CanonicalJson.TryCanonicalize(text));

    [Fact]
    public void TheCanonicalFormParsesToTheSameDocument()
    {
        foreach (var json in new[] { """{"z":[{"b":2,"a":1}],"y":"\u2603","x":-12.5e-3}""", """[true,false,null,{"k":{}}]""" })
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(CanonicalJson.TryCanonicalize(json)!)));
    }

    [Fact]
    public void TheJsonExtractorVotesDocumentsThatDifferOnlyInSpellingTogether()
    {
        var extractor = AnswerExtractors.Create(AnswerExtractionSpec.FromName("json"));
        var a = extractor.Extract("""{"answer": 12, "unit": "kg"}""")!;
        var b = extractor.Extract(""" {"unit":"kg","answer":12.0}""")!;
        var c = extractor.Extract("""{"answer": 13, "unit": "kg"}""")!;
        Assert.True(a.Key.IsEquivalentTo(b.Key));
        Assert.False(a.Key.IsEquivalentTo(c.Key));
        Assert.Null(extractor.Extract("{\"answer\": 12"));
    }
}
