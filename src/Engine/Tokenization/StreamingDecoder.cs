namespace Inference.Engine.Tokenization;

/// <summary>
/// Incremental detokenizer for one generated sequence (not thread-safe; one per sequence). <see cref="Add"/> returns
/// the text that the new token completes; text is held back while it would end in a partial UTF-8 character (U+FFFD).
/// The concatenation of all returned strings and <see cref="Flush"/> equals <see cref="Tokenizer.Decode"/> of all ids.
/// </summary>
/// <remarks>
/// Each step decodes a short window: the tokens of the previous emission (context) plus the new ones, and returns what
/// the window decodes to beyond the context's own decoding. Decoding the context with the window keeps decoders that
/// look at the start of the text (SentencePiece's leading-space Strip, Metaspace) from eating a real space mid-stream.
/// This is the scheme of the reference DecodeStream.
/// </remarks>
public sealed class StreamingDecoder
{
    private readonly Tokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly List<int> _window = new(16);
    private string _prefix = "";
    private int _prefixLength;

    internal StreamingDecoder(Tokenizer tokenizer, bool skipSpecialTokens)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>Adds one token id; returns the newly completed text, or "" while it is held back.</summary>
    public string Add(int tokenId)
    {
        _window.Add(tokenId);
        var text = _tokenizer.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_window), _skipSpecialTokens);
        if (text.Length <= _prefix.Length || text.EndsWith('\uFFFD'))
        {
            return "";
        }
        var emitted = Suffix(text);
        var newPrefixLength = _window.Count - _prefixLength;
        _window.RemoveRange(0, _prefixLength);
        _prefix = _tokenizer.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_window), _skipSpecialTokens);
        _prefixLength = newPrefixLength;
        return emitted;
    }

    /// <summary>Returns any text still held back (e.g. a sequence that really ends in U+FFFD) and resets the decoder.</summary>
    public string Flush()
    {
        var text = _window.Count == 0
            ? ""
            : _tokenizer.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_window), _skipSpecialTokens);
        var emitted = text.Length > _prefix.Length ? Suffix(text) : "";
        _window.Clear();
        _prefix = "";
        _prefixLength = 0;
        return emitted;
    }

    private string Suffix(string text)
    {
        if (!text.StartsWith(_prefix, StringComparison.Ordinal))
        {
            throw new TokenizationException(
                $"streaming decode lost its prefix: '{_prefix}' is not a prefix of '{text}'; the decoder chain is not incremental");
        }
        return text[_prefix.Length..];
    }
}
