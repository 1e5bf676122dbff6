using Inference.Engine.Tokenization;
using static Inference.Engine.Tests.Tokenization.SyntheticTokenizers;

namespace Inference.Engine.Tests.Tokenization;

public sealed class TokenizerLoadingTests
{
    private const string WordLevelModel = """{"type": "WordLevel", "vocab": {"a": 0, "[UNK]": 1}, "unk_token": "[UNK]"}""";

    private static string Document(string component, string value) =>
        $$"""{"added_tokens": [], "normalizer": null, "pre_tokenizer": null, "post_processor": null, "decoder": null, "model": {{WordLevelModel}}, "{{component}}": {{value}}}""";

    [Theory]
    [InlineData("normalizer", "Precompiled", """{"type": "Precompiled", "precompiled_charsmap": ""}""")]
    [InlineData("pre_tokenizer", "BertPreTokenizer", """{"type": "BertPreTokenizer"}""")]
    [InlineData("decoder", "WordPiece", """{"type": "WordPiece", "prefix": "##"}""")]
    [InlineData("post_processor", "Whatever", """{"type": "Whatever"}""")]
    [InlineData("model", "Unigram", """{"type": "Unigram", "vocab": []}""")]
    public void Unsupported_components_fail_naming_the_component_and_the_file(string kind, string type, string json)
    {
        var path = WriteTemp(Document(kind, json));
        var error = Assert.Throws<UnsupportedTokenizerComponentException>(() => Tokenizer.FromFile(path));
        Assert.Equal(kind, error.ComponentKind);
        Assert.Equal(type, error.ComponentType);
        Assert.Equal(path, error.FilePath);
        Assert.Contains(type, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData(@"[[a-z]&&[^aeiou]]")]
    [InlineData(@"\Gabc")]
    [InlineData(@"[[:alpha:]]")]
    public void Regex_constructs_without_a_dotnet_equivalent_are_rejected(string pattern)
    {
        var splitter = $$"""{"type": "Split", "pattern": {"Regex": {{System.Text.Json.JsonSerializer.Serialize(pattern)}}}, "behavior": "Isolated", "invert": false}""";
        var error = Assert.Throws<UnsupportedTokenizerComponentException>(() => Tokenizer.FromJson(Utf8(Document("pre_tokenizer", splitter))));
        Assert.Equal("pattern", error.ComponentKind);
        Assert.Equal(pattern, error.ComponentType);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""{"model": null}""")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}}""")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}""")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b c"]}}""")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": "zero"}, "merges": []}}""")]
    [InlineData("""{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [], "unk_token": "<unk>"}}""")]
    [InlineData("""{"added_tokens": [{"content": "x"}], "model": {"type": "BPE", "vocab": {}, "merges": []}}""")]
    public void Malformed_files_fail_with_a_format_error(string json)
    {
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.FromJson(Utf8(json), sourceName: "bad.json"));
    }

    [Fact]
    public void A_missing_directory_or_file_fails_with_a_format_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-tokenizer-" + Guid.NewGuid());
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.FromDirectory(missing));
        Assert.Throws<TokenizerFormatException>(() => Tokenizer.FromFile(Path.Combine(missing, "tokenizer.json")));
    }

    [Fact]
    public void WordLevel_without_unk_rejects_unknown_pieces_with_a_typed_error()
    {
        var tokenizer = Build(new { type = "WordLevel", vocab = new Dictionary<string, int> { ["a"] = 0 } });
        Assert.Equal([0], tokenizer.Encode("a"));
        Assert.Throws<TokenizationException>(() => tokenizer.Encode("b"));
    }

    [Fact]
    public void Decode_ignores_ids_outside_the_vocabulary()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        Assert.Equal("Hello", tokenizer.Decode([15496, -1, 10_000_000]));
    }

    private static string WriteTemp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tokenizer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }
}
