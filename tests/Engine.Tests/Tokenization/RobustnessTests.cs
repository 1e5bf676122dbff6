namespace Inference.Engine.Tests.Tokenization;

public sealed class RobustnessTests
{
    public static TheoryData<string> FixtureNames => new(TokenizerFixtures.ModelNames);

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Lone_surrogates_encode_as_the_replacement_character(string fixture)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);
        Assert.Equal(tokenizer.Encode("a\uFFFDb\uFFFD"), tokenizer.Encode("a\uD800b\uDC00"));
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Long_runs_without_pre_token_boundaries_round_trip(string fixture)
    {
        // 200k-character pieces: BPE must stay near-linear (a quadratic merge loop would take minutes here).
        var tokenizer = TokenizerFixtures.Load(fixture);
        foreach (var text in new[] { new string(' ', 200_000) + "a", new string('!', 200_000), string.Concat(Enumerable.Repeat("漢字かな한국어", 20_000)) })
        {
            var ids = tokenizer.Encode(text, addSpecialTokens: false);
            Assert.Equal(text, tokenizer.Decode(ids));
        }
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("qwen3")]
    public void A_huge_text_with_astral_characters_encodes_as_its_halves_do(string fixture)
    {
        // Over 64K characters with emoji: the pre-tokenizer's regex runs on its surrogate-free shadow, whose working
        // arrays are allocated rather than pooled at this size. Split at a space before a word, the halves encode to
        // the same pieces (for the byte-level regex pre-tokenizers; a metaspace one treats a text's start apart).
        var tokenizer = TokenizerFixtures.Load(fixture);
        var words = Enumerable.Range(0, 12_000).Select(i => i % 3 == 0 ? "😀ok" : i % 3 == 1 ? "hello" : "world42").ToList();
        var first = string.Join(' ', words.Take(6_000));
        var second = " " + string.Join(' ', words.Skip(6_000));
        Assert.True(first.Length + second.Length > 1 << 16);
        var whole = tokenizer.Encode(first + second, addSpecialTokens: false);
        Assert.Equal([.. tokenizer.Encode(first, addSpecialTokens: false), .. tokenizer.Encode(second, addSpecialTokens: false)], whole);
        Assert.Equal(first + second, tokenizer.Decode(whole));
    }
}
