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
}
