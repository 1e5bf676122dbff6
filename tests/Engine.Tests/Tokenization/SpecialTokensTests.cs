namespace Inference.Engine.Tests.Tokenization;

public sealed class SpecialTokensTests
{
    [Fact]
    public void Phi3_reads_special_tokens_and_config()
    {
        var tokenizer = TokenizerFixtures.Load("phi3");
        var special = tokenizer.SpecialTokens;
        Assert.Equal(new("<s>", 1), special.Bos);
        Assert.Equal(new("<|endoftext|>", 32000), special.Eos);
        Assert.Equal(new("<|endoftext|>", 32000), special.Pad);
        Assert.Equal(new("<unk>", 0), special.Unk);
        Assert.Contains("<|end|>", special.Additional);
        Assert.True(tokenizer.Config.AddBosToken);
        Assert.False(tokenizer.Config.AddEosToken);
        Assert.NotNull(tokenizer.Config.ChatTemplate);
        Assert.Equal(1, tokenizer.Encode("x")[0]);
    }

    [Fact]
    public void Qwen3_has_no_bos_and_ends_turns_with_im_end()
    {
        var tokenizer = TokenizerFixtures.Load("qwen3");
        Assert.Null(tokenizer.SpecialTokens.Bos);
        Assert.Equal(new("<|im_end|>", 151645), tokenizer.SpecialTokens.Eos);
        Assert.Equal(new("<|endoftext|>", 151643), tokenizer.SpecialTokens.Pad);
        Assert.Equal(151644, tokenizer.TokenToId("<|im_start|>"));
        Assert.Equal("<|im_start|>", tokenizer.IdToToken(151644));
        Assert.False(tokenizer.Config.AddBosToken);
        Assert.Equal("Qwen2Tokenizer", tokenizer.Config.TokenizerClass);
    }

    [Fact]
    public void Gpt2_uses_endoftext_for_everything()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        Assert.Equal(new("<|endoftext|>", 50256), tokenizer.SpecialTokens.Bos);
        Assert.Equal(new("<|endoftext|>", 50256), tokenizer.SpecialTokens.Eos);
        Assert.Equal(new("<|endoftext|>", 50256), tokenizer.SpecialTokens.Unk);
        Assert.Null(tokenizer.SpecialTokens.Pad);
        Assert.Equal(2048, tokenizer.Config.ModelMaxLength);
        Assert.Equal("Ġworld", tokenizer.IdToToken(995));
        Assert.Equal(995, tokenizer.TokenToId("Ġworld"));
        Assert.Null(tokenizer.TokenToId("no such token"));
    }
}
