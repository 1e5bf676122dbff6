namespace Inference.Engine.Tests.Tokenization;

public sealed class StreamingDecoderTests
{
    [Fact]
    public void Byte_fallback_pieces_are_held_until_the_character_is_complete()
    {
        var tokenizer = TokenizerFixtures.Load("phi3");
        var ids = tokenizer.Encode("a 😀 b", addSpecialTokens: false); // the emoji is four <0xNN> tokens
        var stream = tokenizer.CreateStreamingDecoder();
        var pieces = ids.Select(stream.Add).ToList();
        Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD'));
        Assert.Contains(pieces, p => p.Contains("😀"));
        Assert.Equal(3, pieces.Count(p => p.Length == 0)); // three byte tokens that completed nothing
        Assert.Equal("a 😀 b", string.Concat(pieces) + stream.Flush());
    }

    [Fact]
    public void Byte_level_pieces_are_held_until_the_character_is_complete()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        var ids = tokenizer.Encode("漢字", addSpecialTokens: false);
        var stream = tokenizer.CreateStreamingDecoder();
        var pieces = ids.Select(stream.Add).ToList();
        Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p));
        Assert.Equal("漢字", string.Concat(pieces));
        Assert.Equal("", stream.Flush());
    }

    [Fact]
    public void Sentencepiece_spaces_between_words_survive_the_leading_space_strip()
    {
        var tokenizer = TokenizerFixtures.Load("phi3");
        var ids = tokenizer.Encode("Hello big world", addSpecialTokens: true);
        var stream = tokenizer.CreateStreamingDecoder(skipSpecialTokens: true);
        var pieces = ids.Select(stream.Add).ToList();
        Assert.Equal(["", "Hello", " big", " world"], pieces);
    }

    [Fact]
    public void Flush_releases_a_sequence_that_really_ends_in_an_incomplete_character()
    {
        var tokenizer = TokenizerFixtures.Load("phi3");
        int[] ids = [tokenizer.TokenToId("▁a")!.Value, tokenizer.TokenToId("<0xE4>")!.Value];
        var stream = tokenizer.CreateStreamingDecoder();
        Assert.Equal("a", stream.Add(ids[0]));
        Assert.Equal("", stream.Add(ids[1]));
        var rest = stream.Flush();
        Assert.Equal("\uFFFD", rest);
        Assert.Equal(tokenizer.Decode(ids), "a" + rest);
    }
}
