using static Inference.Engine.Tests.Tokenization.SyntheticTokenizers;

namespace Inference.Engine.Tests.Tokenization;

public sealed class BpeModelTests
{
    private static Inference.Engine.Tokenization.Tokenizer Bpe(Dictionary<string, int> vocab, object merges, object? extra = null, object? preTokenizer = null, object? decoder = null)
    {
        var model = new Dictionary<string, object?> { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = merges };
        if (extra is not null)
        {
            foreach (var property in extra.GetType().GetProperties())
            {
                model[property.Name] = property.GetValue(extra);
            }
        }
        return Build(model, preTokenizer: preTokenizer, decoder: decoder);
    }

    private static readonly Dictionary<string, int> AbcVocab = new()
    {
        ["a"] = 0, ["b"] = 1, ["c"] = 2, ["ab"] = 3, ["bc"] = 4, ["abc"] = 5, ["<unk>"] = 6,
    };

    [Fact]
    public void Lowest_rank_merges_first()
    {
        // "b c" outranks "a b", so "abc" becomes a + bc; "a bc" is not a merge.
        Assert.Equal([0, 4], Bpe(AbcVocab, new[] { "b c", "a b", "ab c" }).Encode("abc", false));
        Assert.Equal([5], Bpe(AbcVocab, new[] { "a b", "b c", "ab c" }).Encode("abc", false));
    }

    [Fact]
    public void Equal_pairs_merge_leftmost_first()
    {
        var vocab = new Dictionary<string, int> { ["a"] = 0, ["aa"] = 1 };
        Assert.Equal([1, 0], Bpe(vocab, new[] { "a a" }).Encode("aaa", false));
        Assert.Equal([1, 1], Bpe(vocab, new[] { "a a" }).Encode("aaaa", false));
    }

    [Fact]
    public void Merges_as_pairs_equal_merges_as_strings()
    {
        var asPairs = Bpe(AbcVocab, new[] { new[] { "a", "b" }, new[] { "ab", "c" } });
        var asStrings = Bpe(AbcVocab, new[] { "a b", "ab c" });
        Assert.Equal(asStrings.Encode("abcab", false), asPairs.Encode("abcab", false));
        Assert.Equal([5, 3], asPairs.Encode("abcab", false));
    }

    [Fact]
    public void Unknown_characters_become_unk_fused_when_asked()
    {
        Assert.Equal([0, 6, 6, 1], Bpe(AbcVocab, Array.Empty<string>(), new { unk_token = "<unk>" }).Encode("axyb", false));
        Assert.Equal([0, 6, 1], Bpe(AbcVocab, Array.Empty<string>(), new { unk_token = "<unk>", fuse_unk = true }).Encode("axyb", false));
    }

    [Fact]
    public void Byte_fallback_spells_unknown_characters_as_bytes()
    {
        var vocab = new Dictionary<string, int>(AbcVocab);
        for (var b = 0; b < 256; b++)
        {
            vocab[$"<0x{b:X2}>"] = 100 + b;
        }
        var tokenizer = Bpe(vocab, new[] { "a b" }, new { unk_token = "<unk>", byte_fallback = true }, decoder: new { type = "ByteFallback" });
        // "é" is C3 A9 in UTF-8.
        var ids = tokenizer.Encode("abé", false);
        Assert.Equal([3, 100 + 0xC3, 100 + 0xA9], ids);
        Assert.Equal("abé", tokenizer.Decode(ids));
    }

    [Fact]
    public void Ignore_merges_emits_a_whole_piece_found_in_the_vocabulary()
    {
        var vocab = new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["c"] = 2, ["bc"] = 3, ["abc"] = 4 };
        Assert.Equal([0, 3], Bpe(vocab, new[] { "b c" }).Encode("abc", false));
        Assert.Equal([4], Bpe(vocab, new[] { "b c" }, new { ignore_merges = true }).Encode("abc", false));
    }

    [Fact]
    public void Continuing_subword_prefix_and_end_of_word_suffix_decorate_symbols()
    {
        var prefixed = new Dictionary<string, int> { ["a"] = 0, ["##b"] = 1, ["##c"] = 2, ["ab"] = 3, ["##bc"] = 4 };
        Assert.Equal([3, 2], Bpe(prefixed, new[] { "a ##b" }, new { continuing_subword_prefix = "##" }).Encode("abc", false));
        Assert.Equal([0, 4], Bpe(prefixed, new[] { "##b ##c" }, new { continuing_subword_prefix = "##" }).Encode("abc", false));

        var suffixed = new Dictionary<string, int> { ["a"] = 0, ["b</w>"] = 1, ["ab</w>"] = 2 };
        Assert.Equal([2], Bpe(suffixed, new[] { "a b</w>" }, new { end_of_word_suffix = "</w>" }).Encode("ab", false));
    }

    [Fact]
    public void Long_pieces_are_merged_correctly()
    {
        var vocab = new Dictionary<string, int> { ["a"] = 0, ["aa"] = 1, ["aaaa"] = 2 };
        var tokenizer = Bpe(vocab, new[] { "a a", "aa aa" });
        var ids = tokenizer.Encode(new string('a', 4001), false);
        Assert.Equal(1001, ids.Length);
        Assert.All(ids[..1000], id => Assert.Equal(2, id));
        Assert.Equal(0, ids[1000]);
    }
}
