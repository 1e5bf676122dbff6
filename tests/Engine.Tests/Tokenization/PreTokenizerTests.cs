using static Inference.Engine.Tests.Tokenization.SyntheticTokenizers;

namespace Inference.Engine.Tests.Tokenization;

public sealed class PreTokenizerTests
{
    // The reference documentation's example of SplitDelimiterBehavior on "the-final--countdown" split at "-".
    [Theory]
    [InlineData("Removed", "the|final|countdown")]
    [InlineData("Isolated", "the|-|final|-|-|countdown")]
    [InlineData("MergedWithPrevious", "the-|final-|-|countdown")]
    [InlineData("MergedWithNext", "the|-final|-|-countdown")]
    [InlineData("Contiguous", "the|-|final|--|countdown")]
    public void Split_behaviors_follow_the_reference(string behavior, string expected)
    {
        var pieces = expected.Split('|');
        var tokenizer = WordLevel(pieces, preTokenizer: new { type = "Split", pattern = new { String = "-" }, behavior, invert = false });
        Assert.Equal(pieces, tokenizer.Pieces("the-final--countdown"));
    }

    [Fact]
    public void Split_with_invert_keeps_the_matches_as_the_content()
    {
        var tokenizer = WordLevel(["abc", "12"], preTokenizer: new { type = "Split", pattern = new { Regex = "[a-z]+" }, behavior = "Removed", invert = true });
        Assert.Equal(["abc"], tokenizer.Pieces("12abc"));
        var isolated = WordLevel(["abc", "12"], preTokenizer: new { type = "Split", pattern = new { Regex = "[a-z]+" }, behavior = "Isolated", invert = true });
        Assert.Equal(["12", "abc"], isolated.Pieces("12abc"));
    }

    [Fact]
    public void Possessive_quantifiers_of_oniguruma_patterns_are_supported()
    {
        // cl100k as tiktoken writes it, with ?+ and ++ (possessive), which .NET spells as atomic groups.
        const string pattern = @"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+";
        string[] expected = ["Hello", ",", " world", "'s", " ", "123", "45", "!!\n"];
        var tokenizer = WordLevel(expected, preTokenizer: new { type = "Split", pattern = new { Regex = pattern }, behavior = "Isolated", invert = false });
        Assert.Equal(expected, tokenizer.Pieces("Hello, world's 12345!!\n"));
    }

    [Fact]
    public void Regex_pieces_treat_an_astral_character_as_one_code_point()
    {
        // With the Qwen pattern, "[^\r\n\p{L}\p{N}]?\p{L}+" takes the emoji as the optional prefix of the word,
        // as the reference (matching code points) does; a UTF-16 regex would split the surrogate pair instead.
        const string qwen = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
        string[] expected = ["😀abc", " ", "𝟗", "𠀀𠀁"];
        var tokenizer = WordLevel(expected, preTokenizer: new { type = "Split", pattern = new { Regex = qwen }, behavior = "Isolated", invert = false });
        Assert.Equal(expected, tokenizer.Pieces("😀abc 𝟗𠀀𠀁"));
    }

    [Theory]
    [InlineData("always", true, "Hello world", "▁Hello|▁world")]
    [InlineData("always", false, "Hello world", "▁Hello▁world")]
    [InlineData("never", true, "Hello world", "Hello|▁world")]
    [InlineData("first", true, "Hello world", "▁Hello|▁world")]
    [InlineData("always", true, "▁x", "▁x")]
    public void Metaspace_replaces_spaces_and_prepends_by_scheme(string scheme, bool split, string text, string expected)
    {
        var pieces = expected.Split('|');
        var tokenizer = WordLevel(pieces, preTokenizer: new { type = "Metaspace", replacement = "▁", prepend_scheme = scheme, split });
        Assert.Equal(pieces, tokenizer.Pieces(text));
    }

    [Fact]
    public void Metaspace_first_prepends_only_to_the_first_section()
    {
        var tokenizer = WordLevel(["▁a", "b", "<sep>"], preTokenizer: new { type = "Metaspace", replacement = "▁", prepend_scheme = "first", split = true },
            addedTokens: [AddedToken(99, "<sep>")]);
        Assert.Equal(["▁a", "<sep>", "b"], tokenizer.Pieces("a<sep>b"));
    }

    [Fact]
    public void Metaspace_first_does_not_prepend_to_later_pieces_of_the_first_section()
    {
        var tokenizer = WordLevel(["▁ab", "1", "cd"], preTokenizer: new
        {
            type = "Sequence",
            pretokenizers = new object[]
            {
                new { type = "Digits", individual_digits = true },
                new { type = "Metaspace", replacement = "▁", prepend_scheme = "first", split = false },
            },
        });
        Assert.Equal(["▁ab", "1", "cd"], tokenizer.Pieces("ab1cd"));
    }

    [Fact]
    public void Whitespace_splits_words_and_punctuation()
    {
        string[] expected = ["Hey", "friend", "!", "How", "are", "you", "?!"];
        var tokenizer = WordLevel(expected, preTokenizer: new { type = "Whitespace" });
        Assert.Equal(expected, tokenizer.Pieces("Hey friend!  How are\tyou?!"));
    }

    [Fact]
    public void WhitespaceSplit_splits_on_whitespace_only()
    {
        string[] expected = ["Hey", "friend!", "you?!"];
        var tokenizer = WordLevel(expected, preTokenizer: new { type = "WhitespaceSplit" });
        Assert.Equal(expected, tokenizer.Pieces("Hey friend!\n you?!"));
    }

    [Theory]
    [InlineData(true, "a|1|2|3|b|4")]
    [InlineData(false, "a|123|b|4")]
    public void Digits_isolates_digits_one_by_one_or_as_runs(bool individual, string expected)
    {
        var pieces = expected.Split('|');
        var tokenizer = WordLevel(pieces, preTokenizer: new { type = "Digits", individual_digits = individual });
        Assert.Equal(pieces, tokenizer.Pieces("a123b4"));
    }

    [Fact]
    public void ByteLevel_maps_bytes_and_optionally_adds_a_prefix_space()
    {
        // "ö" is UTF-8 C3 B6, which the byte alphabet writes as "Ã¶".
        var withPrefix = WordLevel(["Ġhello", "ĠwÃ¶rld"], preTokenizer: new { type = "ByteLevel", add_prefix_space = true, use_regex = true });
        Assert.Equal(["Ġhello", "ĠwÃ¶rld"], withPrefix.Pieces("hello wörld"));
        var noRegex = WordLevel(["helloĠworldĊ"], preTokenizer: new { type = "ByteLevel", add_prefix_space = false, use_regex = false });
        Assert.Equal(["helloĠworldĊ"], noRegex.Pieces("hello world\n"));
    }

    [Fact]
    public void Sequence_applies_pre_tokenizers_in_order()
    {
        string[] expected = ["Ġ1", "2", "Ġab"];
        var tokenizer = WordLevel(expected, preTokenizer: new
        {
            type = "Sequence",
            pretokenizers = new object[]
            {
                new { type = "Split", pattern = new { Regex = @" ?\d| ?[a-z]+|\d" }, behavior = "Isolated", invert = false },
                new { type = "ByteLevel", add_prefix_space = false, use_regex = false },
            },
        });
        Assert.Equal(expected, tokenizer.Pieces(" 12 ab"));
    }

    [Fact]
    public void U_FEFF_is_not_whitespace_for_regex_splitting()
    {
        // As in the Rust reference (Oniguruma's \s is Unicode White_Space); the JavaScript port differs here.
        string[] expected = [" \uFEFF", "x"];
        var tokenizer = WordLevel(expected, preTokenizer: new { type = "Split", pattern = new { Regex = @" ?[^\s\p{L}\p{N}]+|\p{L}+" }, behavior = "Isolated", invert = false });
        Assert.Equal(expected, tokenizer.Pieces(" \uFEFFx"));
    }
}
