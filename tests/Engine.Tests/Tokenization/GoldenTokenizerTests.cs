using Inference.Engine.Tokenization;

namespace Inference.Engine.Tests.Tokenization;

/// <summary>Encode and decode must reproduce @huggingface/tokenizers exactly on the golden corpus.</summary>
public sealed class GoldenTokenizerTests
{
    public static TheoryData<string, int> EncodeCases => TokenizerFixtures.EncodeCases();

    public static TheoryData<string, int> DecodeCases => TokenizerFixtures.DecodeCases();

    [Theory]
    [MemberData(nameof(EncodeCases))]
    public void Encode_with_special_tokens_matches_golden(string fixture, int index)
    {
        var golden = TokenizerFixtures.GoldenOf(fixture).Encode[index];
        Assert.Equal(golden.Ids, TokenizerFixtures.Load(fixture).Encode(golden.Text, addSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(EncodeCases))]
    public void Encode_without_special_tokens_matches_golden(string fixture, int index)
    {
        var golden = TokenizerFixtures.GoldenOf(fixture).Encode[index];
        Assert.Equal(golden.IdsNoSpecial, TokenizerFixtures.Load(fixture).Encode(golden.Text, addSpecialTokens: false));
    }

    [Theory]
    [MemberData(nameof(EncodeCases))]
    public void Decode_of_golden_ids_matches_golden(string fixture, int index)
    {
        var golden = TokenizerFixtures.GoldenOf(fixture).Encode[index];
        var tokenizer = TokenizerFixtures.Load(fixture);
        Assert.Equal(golden.Decoded, tokenizer.Decode(golden.Ids));
        Assert.Equal(golden.DecodedSkipSpecial, tokenizer.Decode(golden.Ids, skipSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(DecodeCases))]
    public void Decode_of_arbitrary_ids_matches_golden(string fixture, int index)
    {
        var golden = TokenizerFixtures.GoldenOf(fixture).Decode[index];
        var tokenizer = TokenizerFixtures.Load(fixture);
        Assert.Equal(golden.Decoded, tokenizer.Decode(golden.Ids));
        Assert.Equal(golden.DecodedSkipSpecial, tokenizer.Decode(golden.Ids, skipSpecialTokens: true));
    }

    [Theory]
    [MemberData(nameof(EncodeCases))]
    public void Streaming_decode_concatenates_to_decode(string fixture, int index)
    {
        var golden = TokenizerFixtures.GoldenOf(fixture).Encode[index];
        var tokenizer = TokenizerFixtures.Load(fixture);
        foreach (var skip in new[] { false, true })
        {
            AssertStreamsLikeDecode(tokenizer, golden.Ids, skip);
        }
    }

    [Theory]
    [MemberData(nameof(DecodeCases))]
    public void Streaming_decode_of_arbitrary_ids_concatenates_to_decode(string fixture, int index)
    {
        var golden = TokenizerFixtures.GoldenOf(fixture).Decode[index];
        var tokenizer = TokenizerFixtures.Load(fixture);
        foreach (var skip in new[] { false, true })
        {
            AssertStreamsLikeDecode(tokenizer, golden.Ids, skip);
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Vocab_size_matches_reference(string fixture)
    {
        Assert.Equal(TokenizerFixtures.GoldenOf(fixture).VocabSize, TokenizerFixtures.Load(fixture).VocabSize);
    }

    public static TheoryData<string> FixtureNames => new(TokenizerFixtures.Names);

    internal static void AssertStreamsLikeDecode(Tokenizer tokenizer, int[] ids, bool skip)
    {
        var stream = tokenizer.CreateStreamingDecoder(skip);
        var pieces = new List<string>();
        foreach (var id in ids)
        {
            var piece = stream.Add(id);
            Assert.False(piece.Length > 0 && char.IsHighSurrogate(piece[^1]), "a piece ends inside a surrogate pair");
            Assert.False(piece.EndsWith('\uFFFD') && !tokenizer.Decode(ids, skip).Contains('\uFFFD'), "a piece ends in a partial character");
            pieces.Add(piece);
        }
        pieces.Add(stream.Flush());
        Assert.Equal(tokenizer.Decode(ids, skip), string.Concat(pieces));
    }
}
