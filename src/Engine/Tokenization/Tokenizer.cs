using Inference.Engine.Tokenization.PreTokenizers;

namespace Inference.Engine.Tokenization;

/// <summary>
/// A Hugging Face tokenizer.json tokenizer: encode text to ids and decode ids to text exactly as the reference
/// implementation does. Immutable after loading and safe for concurrent use from many threads.
/// </summary>
public sealed class Tokenizer
{
    private readonly TokenizerParts _parts;
    private readonly AddedTokenMatcher _rawMatcher;
    private readonly AddedTokenMatcher _normalizedMatcher;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly Dictionary<string, AddedToken> _addedByContent;

    [ThreadStatic]
    private static EncodeScratch? t_scratch;

    [ThreadStatic]
    private static List<string>? t_decodeTokens;

    internal Tokenizer(TokenizerParts parts, string? sourcePath)
    {
        _parts = parts;
        SourcePath = sourcePath;
        _addedById = [];
        _addedByContent = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        foreach (var token in parts.AddedTokens)
        {
            _addedById[token.Id] = token;
            _addedByContent.TryAdd(token.Content, token);
        }
        // Tokens flagged "normalized" are matched after normalization, against their own normalized form.
        var matchesNormalized = parts.Normalizer is not null;
        _rawMatcher = new AddedTokenMatcher(parts.AddedTokens
            .Where(t => !(t.Normalized && matchesNormalized)).Select(t => (t.Content, t)));
        _normalizedMatcher = new AddedTokenMatcher(parts.AddedTokens
            .Where(t => t.Normalized && matchesNormalized).Select(t => (parts.Normalizer!.Normalize(t.Content), t)));
        VocabSize = Math.Max(parts.Model.Vocabulary.Size, parts.AddedTokens.Count == 0 ? 0 : parts.AddedTokens.Max(t => t.Id) + 1);
    }

    /// <summary>Loads a tokenizer.json file (a name ending in .gz is decompressed), with optional config files.</summary>
    public static Tokenizer FromFile(string tokenizerJsonPath, string? tokenizerConfigPath = null, string? specialTokensMapPath = null)
    {
        var parts = TokenizerLoader.Load(
            TokenizerLoader.ReadFile(tokenizerJsonPath), tokenizerJsonPath,
            tokenizerConfigPath is null ? null : TokenizerLoader.ReadFile(tokenizerConfigPath), tokenizerConfigPath,
            specialTokensMapPath is null ? null : TokenizerLoader.ReadFile(specialTokensMapPath), specialTokensMapPath);
        return new Tokenizer(parts, tokenizerJsonPath);
    }

    /// <summary>
    /// Loads a model folder's tokenizer.json (or tokenizer.json.gz) together with tokenizer_config.json and
    /// special_tokens_map.json when they are present. (The folder's chat template is chosen by
    /// <see cref="Templates.ChatTemplateSource"/>.)
    /// </summary>
    public static Tokenizer FromDirectory(string directory)
    {
        var tokenizerPath = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(tokenizerPath) && File.Exists(tokenizerPath + ".gz"))
        {
            tokenizerPath += ".gz";
        }
        if (!File.Exists(tokenizerPath))
        {
            throw new TokenizerFormatException("no tokenizer.json found", directory);
        }
        string? Optional(string name) => File.Exists(Path.Combine(directory, name)) ? Path.Combine(directory, name) : null;
        return FromFile(tokenizerPath, Optional("tokenizer_config.json"), Optional("special_tokens_map.json"));
    }

    /// <summary>Loads from in-memory JSON documents (UTF-8).</summary>
    public static Tokenizer FromJson(byte[] tokenizerJson, byte[]? tokenizerConfigJson = null, byte[]? specialTokensMapJson = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJson);
        return new Tokenizer(
            TokenizerLoader.Load(tokenizerJson, sourceName, tokenizerConfigJson, sourceName, specialTokensMapJson, sourceName),
            sourceName);
    }

    /// <summary>The components, for engine parts that interpret them (the token bytes of constrained decoding).</summary>
    internal TokenizerParts Parts => _parts;

    /// <summary>The file the tokenizer was loaded from, if any.</summary>
    public string? SourcePath { get; }

    /// <summary>One more than the largest token id (model vocabulary and added tokens).</summary>
    public int VocabSize { get; }

    public SpecialTokens SpecialTokens => _parts.SpecialTokens;

    public TokenizerConfig Config => _parts.Config;

    public IReadOnlyList<AddedToken> AddedTokens => _parts.AddedTokens;

    /// <summary>Whether decode with skipSpecialTokens drops this id.</summary>
    public bool IsSpecialToken(int id) => _parts.SkippedWhenSkippingSpecial.Contains(id);

    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_addedByContent.TryGetValue(token, out var added))
        {
            return added.Id;
        }
        return _parts.Model.Vocabulary.TryGetId(token, out var id) ? id : null;
    }

    public string? IdToToken(int id) =>
        _addedById.TryGetValue(id, out var added) ? added.Content : _parts.Model.Vocabulary.GetToken(id);

    /// <summary>Encodes text; with <paramref name="addSpecialTokens"/> the post-processor adds e.g. the BOS token.</summary>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        var scratch = t_scratch ??= new EncodeScratch();
        var ids = scratch.Ids;
        ids.Clear();
        Encode(text, ids, addSpecialTokens);
        return ids.ToArray();
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="destination"/>.</summary>
    public void Encode(string text, List<int> destination, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(destination);
        var scratch = t_scratch ??= new EncodeScratch();
        text = Utf16Text.ReplaceLoneSurrogates(text);
        var start = destination.Count;
        var position = 0;
        while (_rawMatcher.TryFindNext(text, position, out var matchStart, out var matchLength, out var token))
        {
            var sectionEnd = token.LeftStrip ? TrimEndWhitespace(text, position, matchStart) : matchStart;
            EncodeSection(text.AsSpan(position, sectionEnd - position), position == 0, destination, scratch);
            destination.Add(token.Id);
            position = matchStart + matchLength;
            if (token.RightStrip)
            {
                position = SkipWhitespace(text, position, text.Length);
            }
        }
        EncodeSection(text.AsSpan(position), position == 0, destination, scratch);
        if (addSpecialTokens)
        {
            _parts.PostProcessor?.Process(destination, start);
        }
        if (scratch.IsOversized)
        {
            t_scratch = null; // do not pin the buffers of one huge input to this thread
        }
    }

    private void EncodeSection(ReadOnlySpan<char> raw, bool isFirstSection, List<int> destination, EncodeScratch scratch)
    {
        if (raw.IsEmpty)
        {
            return;
        }
        if (_parts.Normalizer is null)
        {
            EncodeNormalized(raw, isFirstSection, destination, scratch);
            return;
        }
        var normalized = _parts.Normalizer.Normalize(raw.ToString());
        if (_normalizedMatcher.IsEmpty)
        {
            EncodeNormalized(normalized, isFirstSection, destination, scratch);
            return;
        }
        var position = 0;
        while (_normalizedMatcher.TryFindNext(normalized, position, out var matchStart, out var matchLength, out var token))
        {
            var sectionEnd = token.LeftStrip ? TrimEndWhitespace(normalized, position, matchStart) : matchStart;
            EncodeNormalized(normalized.AsSpan(position, sectionEnd - position), isFirstSection && position == 0, destination, scratch);
            destination.Add(token.Id);
            position = matchStart + matchLength;
            if (token.RightStrip)
            {
                position = SkipWhitespace(normalized, position, normalized.Length);
            }
        }
        EncodeNormalized(normalized.AsSpan(position), isFirstSection && position == 0, destination, scratch);
    }

    private void EncodeNormalized(ReadOnlySpan<char> text, bool isFirstSection, List<int> destination, EncodeScratch scratch)
    {
        if (text.IsEmpty)
        {
            return;
        }
        var model = _parts.Model;
        if (_parts.PreTokenizer is null)
        {
            model.Encode(text, destination);
            return;
        }
        var input = scratch.Input;
        var output = scratch.Output;
        input.Clear();
        output.Clear();
        input.Add(text);
        _parts.PreTokenizer.PreTokenize(input, output, scratch.PreTokenizer, isFirstSection);
        for (var p = 0; p < output.Count; p++)
        {
            model.Encode(output[p], destination);
        }
    }

    private static int TrimEndWhitespace(string text, int from, int end)
    {
        while (end > from && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return end;
    }

    private static int SkipWhitespace(string text, int position, int end)
    {
        while (position < end && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
        return position;
    }

    /// <summary>
    /// Decodes ids to text. Ids outside the vocabulary are ignored, as the reference does; with
    /// <paramref name="skipSpecialTokens"/> special tokens (e.g. BOS/EOS) are left out.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = t_decodeTokens ??= new List<string>(64);
        tokens.Clear();
        try
        {
            foreach (var id in ids)
            {
                if (skipSpecialTokens && _parts.SkippedWhenSkippingSpecial.Contains(id))
                {
                    continue;
                }
                if (IdToToken(id) is { } token)
                {
                    tokens.Add(token);
                }
            }
            if (tokens.Count == 0)
            {
                return "";
            }
            if (_parts.Decoder is null)
            {
                return string.Join(' ', tokens);
            }
            _parts.Decoder.Decode(tokens);
            return string.Concat(tokens);
        }
        finally
        {
            tokens.Clear();
            if (tokens.Capacity > MaxRetainedDecodeTokens)
            {
                t_decodeTokens = null; // do not pin the list of one huge input to this thread
            }
        }
    }

    /// <summary>Tokens a thread's decode list keeps room for between calls; the list of a longer input is dropped.</summary>
    private const int MaxRetainedDecodeTokens = 1 << 14;

    /// <summary>A decoder for one generated sequence that returns text as tokens arrive; see <see cref="StreamingDecoder"/>.</summary>
    public StreamingDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens);

    private sealed class EncodeScratch
    {
        public List<int> Ids { get; } = new(256);

        public PieceList Input { get; } = new();

        public PieceList Output { get; } = new();

        public PreTokenizerScratch PreTokenizer { get; } = new();

        public bool IsOversized => Input.CharCapacity + Output.CharCapacity > 1 << 20 || Ids.Capacity > 1 << 18;
    }
}
