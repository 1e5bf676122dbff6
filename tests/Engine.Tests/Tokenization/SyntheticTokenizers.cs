using System.Text;
using System.Text.Json;
using Inference.Engine.Tokenization;

namespace Inference.Engine.Tests.Tokenization;

/// <summary>
/// Builds small tokenizer.json documents in code. A WordLevel model whose vocabulary lists the expected pieces makes
/// the pieces a pre-tokenizer or normalizer produced visible through the public API: each piece comes back as its
/// own token, or as [UNK] when it was not what the test expected.
/// </summary>
internal static class SyntheticTokenizers
{
    public const string Unknown = "[UNK]";

    public static Tokenizer WordLevel(IEnumerable<string> pieces, object? normalizer = null, object? preTokenizer = null, object? decoder = null, object[]? addedTokens = null)
    {
        var vocab = new Dictionary<string, int> { [Unknown] = 0 };
        foreach (var piece in pieces)
        {
            vocab.TryAdd(piece, vocab.Count);
        }
        return Build(new { type = "WordLevel", vocab, unk_token = Unknown }, normalizer, preTokenizer, decoder, addedTokens: addedTokens);
    }

    public static Tokenizer Build(object model, object? normalizer = null, object? preTokenizer = null, object? decoder = null, object? postProcessor = null, object[]? addedTokens = null)
    {
        var document = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = addedTokens ?? [],
            ["normalizer"] = normalizer,
            ["pre_tokenizer"] = preTokenizer,
            ["post_processor"] = postProcessor,
            ["decoder"] = decoder,
            ["model"] = model,
        };
        return Tokenizer.FromJson(JsonSerializer.SerializeToUtf8Bytes(document), sourceName: "synthetic tokenizer.json");
    }

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The pieces a WordLevel tokenizer produced for <paramref name="text"/>.</summary>
    public static string[] Pieces(this Tokenizer tokenizer, string text) =>
        tokenizer.Encode(text, addSpecialTokens: false).Select(id => tokenizer.IdToToken(id)!).ToArray();

    public static object AddedToken(int id, string content, bool special = true, bool lstrip = false, bool rstrip = false, bool singleWord = false, bool normalized = false) =>
        new { id, content, single_word = singleWord, lstrip, rstrip, normalized, special };
}
