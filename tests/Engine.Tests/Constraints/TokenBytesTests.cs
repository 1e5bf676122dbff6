using System.Text;
using Inference.Engine.Constraints;
using Inference.Engine.Tests.Tokenization;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// The bytes constrained decoding assigns to each token are the bytes the tokenizer's own decoder produces: for every
/// usable token of the GPT-2, Phi-3 (SentencePiece with byte fallback) and Qwen3 vocabularies, decoding it between two
/// anchor tokens adds exactly its bytes; decoding it first in the output adds its bytes less the leading space the
/// decoder strips. Tokens whose bytes are not whole UTF-8 decode to U+FFFD alone: byte-fallback tokens are checked to
/// be their byte, and every token is checked after a prefix that completes it when it is a continuation.
/// </summary>
public sealed class TokenBytesTests
{
    [Theory]
    [InlineData("gpt2", false)]
    [InlineData("phi3", true)]
    [InlineData("qwen3", false)]
    public void EveryUsableTokenAddsItsBytesToTheDecodedText(string fixture, bool stripsLeadingSpace)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);
        var vocabulary = ConstraintVocabulary.For(tokenizer, tokenizer.VocabSize);
        Assert.Equal(stripsLeadingSpace, vocabulary.StripsLeadingSpace);
        // An anchor whose bytes are exactly "x" (Phi-3 encodes "x" as "▁x").
        var anchor = Enumerable.Range(0, vocabulary.Size).First(id => vocabulary.BytesOf(id).SequenceEqual("x"u8));
        var anchorText = tokenizer.Decode([anchor]);
        Assert.Equal("x", anchorText);
        var checkedTokens = 0;
        for (var id = 0; id < vocabulary.Size; id++)
        {
            var bytes = vocabulary.BytesOf(id).ToArray();
            if (bytes.Length == 0) continue;
            if (!IsUtf8(bytes)) continue;
            var text = Encoding.UTF8.GetString(bytes);
            Assert.Equal(anchorText + text + anchorText, tokenizer.Decode([anchor, id, anchor]));
            var first = stripsLeadingSpace && text.StartsWith(' ') ? text[1..] : text;
            Assert.Equal(first, tokenizer.Decode([id]));
            checkedTokens++;
        }
        Assert.True(checkedTokens > vocabulary.UsableCount * 9 / 10, $"{checkedTokens} of {vocabulary.UsableCount}");
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("phi3")]
    [InlineData("qwen3")]
    public void TokensThatAreNotWholeUtf8DecodeAsTheirBytesAfterTheRestOfTheirCharacter(string fixture)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);
        var vocabulary = ConstraintVocabulary.For(tokenizer, tokenizer.VocabSize);
        // A continuation-only token completes a character begun by lead bytes spelled with single-byte tokens.
        var single = new int[256];
        for (var id = 0; id < vocabulary.Size; id++)
            if (vocabulary.BytesOf(id) is [var b] && single[b] == 0) single[b] = id + 1;
        var partial = 0;
        for (var id = 0; id < vocabulary.Size; id++)
        {
            var bytes = vocabulary.BytesOf(id).ToArray();
            if (bytes.Length == 0 || IsUtf8(bytes)) continue;
            partial++;
            // Find a prefix of single-byte tokens (a lead byte) and a suffix of continuation bytes that make it whole.
            foreach (var (prefix, suffix) in Completions(bytes))
            {
                if (prefix.Concat(suffix).Any(b => single[b] == 0)) continue;
                var ids = prefix.Select(b => single[b] - 1).Append(id).Concat(suffix.Select(b => single[b] - 1)).ToArray();
                Assert.Equal(Encoding.UTF8.GetString([.. prefix, .. bytes, .. suffix]), tokenizer.Decode(ids));
                break;
            }
        }
        Assert.True(partial > 0);
    }

    [Fact]
    public void ByteFallbackTokensAreTheirByte()
    {
        var tokenizer = TokenizerFixtures.Load("phi3");
        var vocabulary = ConstraintVocabulary.For(tokenizer, tokenizer.VocabSize);
        for (var b = 0; b < 256; b++)
        {
            var id = tokenizer.TokenToId($"<0x{b:X2}>")!.Value;
            Assert.Equal([(byte)b], vocabulary.BytesOf(id).ToArray());
        }
    }

    [Fact]
    public void SpecialAndAddedTokensAndIdsWithoutLogitsAreNeverUsable()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        var vocabulary = ConstraintVocabulary.For(tokenizer, 1000);
        Assert.Equal(1000, vocabulary.Size);
        Assert.False(vocabulary.IsUsable(1000));
        Assert.False(vocabulary.IsUsable(50256));
        var phi3 = TokenizerFixtures.Load("phi3");
        var full = ConstraintVocabulary.For(phi3, phi3.VocabSize);
        foreach (var added in phi3.AddedTokens) Assert.False(full.IsUsable(added.Id), added.Content);
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Prefixes (a lead byte and continuations) and suffixes (continuations) that make <paramref name="bytes"/> valid UTF-8.</summary>
    private static IEnumerable<(byte[] Prefix, byte[] Suffix)> Completions(byte[] bytes)
    {
        byte[][] prefixes = [[], [0xC3], [0xE4, 0xB8], [0xE4], [0xF0, 0x9F, 0x98], [0xF0, 0x9F], [0xF0]];
        byte[][] suffixes = [[], [0x80], [0x80, 0x80], [0x80, 0x80, 0x80]];
        foreach (var prefix in prefixes)
            foreach (var suffix in suffixes)
                if (IsUtf8([.. prefix, .. bytes, .. suffix])) yield return (prefix, suffix);
    }
}
