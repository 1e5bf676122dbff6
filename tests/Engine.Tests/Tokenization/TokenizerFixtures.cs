using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inference.Engine.Tokenization;

namespace Inference.Engine.Tests.Tokenization;

/// <summary>The tokenizers under tests/fixtures/tokenizers (copied to the test output) and their golden files.</summary>
internal static class TokenizerFixtures
{
    public static readonly string[] Names = ["gpt2", "phi3", "qwen3", "qwen3-cl100k", "qwen3-o200k"];

    /// <summary>The fixtures that are a model's own files (the others derive from them).</summary>
    public static readonly string[] ModelNames = ["gpt2", "phi3", "qwen3"];

    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Tokenizers = new();
    private static readonly ConcurrentDictionary<string, Lazy<Golden>> Goldens = new();

    public static string Directory(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "tokenizers", name);

    public static Tokenizer Load(string name) =>
        Tokenizers.GetOrAdd(name, n => new Lazy<Tokenizer>(() => LoadFixture(n))).Value;

    /// <summary>
    /// A fixture folder holds a model's tokenizer files, or a derived.json that reuses another fixture's files with a
    /// different Split regex (as tools/goldens/tokenizers/fixtures.mjs does).
    /// </summary>
    private static Tokenizer LoadFixture(string name)
    {
        var derivedPath = Path.Combine(Directory(name), "derived.json");
        if (!File.Exists(derivedPath))
        {
            return Tokenizer.FromDirectory(Directory(name));
        }
        var derived = JsonNode.Parse(File.ReadAllText(derivedPath))!;
        var baseDirectory = Directory(derived["base"]!.GetValue<string>());
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(baseDirectory, "tokenizer.json.gz")), CompressionMode.Decompress);
        var tokenizer = JsonNode.Parse(gzip)!;
        tokenizer["pre_tokenizer"]!["pretokenizers"]![0]!["pattern"] = new JsonObject { ["Regex"] = derived["split_regex"]!.GetValue<string>() };
        return Tokenizer.FromJson(
            Encoding.UTF8.GetBytes(tokenizer.ToJsonString()),
            File.ReadAllBytes(Path.Combine(baseDirectory, "tokenizer_config.json")),
            sourceName: derivedPath);
    }

    public static Golden GoldenOf(string name) =>
        Goldens.GetOrAdd(name, n => new Lazy<Golden>(() => ReadGolden(Path.Combine(Directory(n), "golden.json")))).Value;

    private static Golden ReadGolden(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        static int[] Ids(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var encode = root.GetProperty("encode").EnumerateArray().Select(c => new EncodeCase(
            c.GetProperty("text").GetString()!,
            Ids(c.GetProperty("ids")),
            Ids(c.GetProperty("ids_no_special")),
            c.GetProperty("decoded").GetString()!,
            c.GetProperty("decoded_skip_special").GetString()!)).ToArray();
        var decode = root.GetProperty("decode").EnumerateArray().Select(c => new DecodeCase(
            Ids(c.GetProperty("ids")),
            c.GetProperty("decoded").GetString()!,
            c.GetProperty("decoded_skip_special").GetString()!)).ToArray();
        return new Golden(root.GetProperty("vocab_size").GetInt32(), encode, decode);
    }

    public sealed record EncodeCase(string Text, int[] Ids, int[] IdsNoSpecial, string Decoded, string DecodedSkipSpecial);

    public sealed record DecodeCase(int[] Ids, string Decoded, string DecodedSkipSpecial);

    public sealed record Golden(int VocabSize, EncodeCase[] Encode, DecodeCase[] Decode);

    /// <summary>(fixture, case index) pairs for theories; the counts are fixed by the committed golden files.</summary>
    public static TheoryData<string, int> EncodeCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Names)
        {
            for (var i = 0; i < GoldenOf(name).Encode.Length; i++)
            {
                data.Add(name, i);
            }
        }
        return data;
    }

    public static TheoryData<string, int> DecodeCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Names)
        {
            for (var i = 0; i < GoldenOf(name).Decode.Length; i++)
            {
                data.Add(name, i);
            }
        }
        return data;
    }
}
