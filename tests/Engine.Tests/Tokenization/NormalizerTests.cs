using static Inference.Engine.Tests.Tokenization.SyntheticTokenizers;

namespace Inference.Engine.Tests.Tokenization;

/// <summary>Without a pre-tokenizer the whole normalized text is one WordLevel piece, which shows the normalizer's output.</summary>
public sealed class NormalizerTests
{
    [Theory]
    [InlineData("NFC", "e\u0301", "\u00e9")]
    [InlineData("NFD", "\u00e9", "e\u0301")]
    [InlineData("NFKC", "ﬁ①", "fi1")]
    [InlineData("NFKD", "ﬁ\u00e9", "fie\u0301")]
    [InlineData("Lowercase", "HeLLo ÄÖ", "hello äö")]
    public void Simple_normalizers(string type, string input, string expected)
    {
        Assert.Equal([expected], WordLevel([expected], normalizer: new { type }).Pieces(input));
    }

    [Theory]
    [InlineData(true, true, "x y")]
    [InlineData(true, false, "x y \n")]
    [InlineData(false, true, " \tx y")]
    public void Strip_removes_whitespace_on_the_chosen_sides(bool left, bool right, string expected)
    {
        var tokenizer = WordLevel([expected], normalizer: new { type = "Strip", strip_left = left, strip_right = right });
        Assert.Equal([expected], tokenizer.Pieces(" \tx y \n"));
    }

    [Fact]
    public void Prepend_and_replace_make_sentencepiece_text()
    {
        var tokenizer = WordLevel(["▁Hello▁▁world"], normalizer: new
        {
            type = "Sequence",
            normalizers = new object[]
            {
                new { type = "Prepend", prepend = "▁" },
                new { type = "Replace", pattern = new { String = " " }, content = "▁" },
            },
        });
        Assert.Equal(["▁Hello▁▁world"], tokenizer.Pieces("Hello  world"));
        Assert.Empty(tokenizer.Encode("", addSpecialTokens: false));
    }

    [Fact]
    public void Replace_with_a_regex_pattern()
    {
        var tokenizer = WordLevel(["a_b_c"], normalizer: new { type = "Replace", pattern = new { Regex = @"\s+" }, content = "_" });
        Assert.Equal(["a_b_c"], tokenizer.Pieces("a \t b\nc"));
    }

    [Fact]
    public void StripAccents_after_NFD_removes_marks()
    {
        var tokenizer = WordLevel(["cafe"], normalizer: new { type = "Sequence", normalizers = new object[] { new { type = "NFD" }, new { type = "StripAccents" } } });
        Assert.Equal(["cafe"], tokenizer.Pieces("café"));
    }
}
