using System.Collections.Concurrent;
using System.Text.Json;
using Inference.Engine.Tokenization;

namespace Inference.Engine.Tests.Tokenization;

/// <summary>The tokenizers under tests/fixtures/tokenizers (copied to the test output) and their golden files.</summary>
internal static class TokenizerFixtures
{
    public static readonly string[] Names = ["gpt2", "phi3", "qwen3"];

    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Tokenizers = new();
    private static readonly ConcurrentDictionary<string, Lazy<Golden>> Goldens = new();

    public static string Directory(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "tokenizers", name);

    public static Tokenizer Load(string name) =>
        Tokenizers.GetOrAdd(name, n => new Lazy<Tokenizer>(() => Tokenizer.FromDirectory(Directory(n)))).Value;

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
