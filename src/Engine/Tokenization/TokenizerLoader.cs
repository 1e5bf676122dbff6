using System.IO.Compression;
using System.Text.Json;
using Inference.Engine.Tokenization.Decoders;
using Inference.Engine.Tokenization.Models;
using Inference.Engine.Tokenization.Normalizers;
using Inference.Engine.Tokenization.PostProcessors;
using Inference.Engine.Tokenization.PreTokenizers;

namespace Inference.Engine.Tokenization;

/// <summary>Parses tokenizer.json (+ tokenizer_config.json, special_tokens_map.json) into <see cref="TokenizerParts"/>.</summary>
internal static class TokenizerLoader
{
    public const int DefaultCacheCapacity = 65536;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>Reads a file; a name ending in .gz is decompressed (large fixtures are stored that way).</summary>
    public static byte[] ReadFile(string path)
    {
        try
        {
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                return File.ReadAllBytes(path);
            }
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gzip.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new TokenizerFormatException($"cannot read: {e.Message}", path, e);
        }
    }

    public static TokenizerParts Load(byte[] tokenizerJson, string? tokenizerPath, byte[]? config, string? configPath, byte[]? map, string? mapPath)
    {
        using var tokenizerDoc = Parse(tokenizerJson, tokenizerPath);
        using var configDoc = config is null ? null : Parse(config, configPath);
        using var mapDoc = map is null ? null : Parse(map, mapPath);
        var json = new JsonReading(tokenizerPath);
        var root = tokenizerDoc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw json.Error("tokenizer.json must hold a JSON object");
        }
        // "truncation" and "padding" are batch-shaping settings; the engine applies its own context limits.

        var addedTokens = ReadAddedTokens(root, json);
        var addedContents = addedTokens.Select(t => t.Content).ToHashSet(StringComparer.Ordinal);
        var model = ModelFactory.Create(json.TryGetOrThrow(root, "model"), json, DefaultCacheCapacity);
        var normalizer = NormalizerFactory.Create(Property(root, "normalizer"), json);
        var preTokenizer = PreTokenizerFactory.Create(Property(root, "pre_tokenizer"), json);
        var postProcessor = PostProcessorFactory.Create(Property(root, "post_processor"), json);
        var decoder = DecoderFactory.Create(Property(root, "decoder"), json, addedContents);

        var settings = TokenizerConfigReader.Read(
            configDoc?.RootElement ?? default, new JsonReading(configPath),
            mapDoc?.RootElement ?? default, new JsonReading(mapPath));
        var idOf = BuildLookup(addedTokens, model);
        SpecialToken? Named(string name) =>
            settings.NamedSpecialTokens.TryGetValue(name, out var content) ? new SpecialToken(content, idOf(content)) : null;
        var unk = Named("unk_token")
            ?? (model.UnknownTokenId >= 0 ? new SpecialToken(model.Vocabulary.GetToken(model.UnknownTokenId)!, model.UnknownTokenId) : null);
        var special = new SpecialTokens(Named("bos_token"), Named("eos_token"), Named("pad_token"), unk, settings.Additional);

        // Decode's skipSpecialTokens drops special added tokens and the config's additional special tokens.
        var skipped = addedTokens.Where(t => t.Special).Select(t => t.Id).ToHashSet();
        foreach (var content in settings.Additional)
        {
            if (idOf(content) is { } id)
            {
                skipped.Add(id);
            }
        }
        return new TokenizerParts(normalizer, preTokenizer, model, postProcessor, decoder, addedTokens, special, settings.Config, skipped);
    }

    private static JsonDocument Parse(byte[] bytes, string? path)
    {
        try
        {
            return JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"invalid JSON: {e.Message}", path, e);
        }
    }

    private static JsonElement Property(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : default;

    private static List<AddedToken> ReadAddedTokens(JsonElement root, JsonReading json)
    {
        var tokens = new List<AddedToken>();
        if (!JsonReading.TryGet(root, "added_tokens", out var added))
        {
            return tokens;
        }
        if (added.ValueKind != JsonValueKind.Array)
        {
            throw json.Error("added_tokens must be an array");
        }
        foreach (var token in added.EnumerateArray())
        {
            var id = json.Int(token, "id", -1);
            if (id < 0)
            {
                throw json.Error("added token without a valid id");
            }
            var special = json.Bool(token, "special", false);
            tokens.Add(new AddedToken(
                id,
                json.String(token, "content"),
                json.Bool(token, "single_word", false),
                json.Bool(token, "lstrip", false),
                json.Bool(token, "rstrip", false),
                json.Bool(token, "normalized", !special),
                special));
        }
        return tokens;
    }

    private static Func<string, int?> BuildLookup(IReadOnlyList<AddedToken> added, ITokenizerModel model)
    {
        var byContent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in added)
        {
            byContent.TryAdd(token.Content, token.Id);
        }
        return content => byContent.TryGetValue(content, out var id) ? id
            : model.Vocabulary.TryGetId(content, out var vocabId) ? vocabId
            : null;
    }
}
