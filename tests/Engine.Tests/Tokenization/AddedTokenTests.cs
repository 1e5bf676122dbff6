using static Inference.Engine.Tests.Tokenization.SyntheticTokenizers;

namespace Inference.Engine.Tests.Tokenization;

public sealed class AddedTokenTests
{
    private static readonly string[] Words = ["hi", "there", "you", "x", "<eot>", " ", "  "];

    private static Inference.Engine.Tokenization.Tokenizer WithToken(object token, object? normalizer = null) =>
        WordLevel(Words, normalizer: normalizer, preTokenizer: new { type = "Split", pattern = new { String = " " }, behavior = "Isolated", invert = false }, addedTokens: [token]);

    [Fact]
    public void Added_tokens_are_matched_before_pre_tokenization()
    {
        var tokenizer = WithToken(AddedToken(50, "<eot>"));
        Assert.Equal(["hi", "<eot>", "there"], tokenizer.Pieces("hi<eot>there"));
        Assert.Equal(50, tokenizer.TokenToId("<eot>"));
    }

    [Fact]
    public void Lstrip_and_rstrip_swallow_neighbouring_whitespace()
    {
        Assert.Equal(["hi", " ", "<eot>", "there"], WithToken(AddedToken(50, "<eot>", rstrip: true)).Pieces("hi <eot>  \n there"));
        Assert.Equal(["hi", "<eot>", " ", "there"], WithToken(AddedToken(50, "<eot>", lstrip: true)).Pieces("hi \t <eot> there"));
    }

    [Fact]
    public void Single_word_tokens_only_match_as_whole_words()
    {
        var tokenizer = WithToken(AddedToken(50, "you", singleWord: true));
        Assert.Equal(["hi", " ", "you", " ", "x"], tokenizer.Pieces("hi you x"));
        var ids = tokenizer.Encode("youx", addSpecialTokens: false);
        Assert.DoesNotContain(50, ids);
    }

    [Fact]
    public void Normalized_tokens_match_the_normalized_text()
    {
        var lowercase = new { type = "Lowercase" };
        var normalized = WithToken(AddedToken(50, "<EOT>", special: false, normalized: true), lowercase);
        Assert.Equal(["hi", "<EOT>"], normalized.Pieces("HI<EoT>"));
        var raw = WithToken(AddedToken(50, "<EOT>", special: true, normalized: false), lowercase);
        Assert.Equal(["hi", "<EOT>"], raw.Pieces("HI<EOT>"));
        Assert.DoesNotContain(50, raw.Encode("HI<EoT>", addSpecialTokens: false));
    }

    [Fact]
    public void Decode_skips_special_tokens_only_when_asked()
    {
        var tokenizer = WordLevel(["a", "b"], preTokenizer: new { type = "WhitespaceSplit" }, decoder: new { type = "Fuse" },
            addedTokens: [AddedToken(50, "<s>", special: true), AddedToken(51, "<plain>", special: false)]);
        var ids = tokenizer.Encode("<s>a<plain>b", addSpecialTokens: false);
        Assert.Equal("<s>a<plain>b", tokenizer.Decode(ids));
        Assert.Equal("a<plain>b", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.True(tokenizer.IsSpecialToken(50));
        Assert.False(tokenizer.IsSpecialToken(51));
    }
}
