using System.Text;
using System.Text.Json;

namespace Inference.Bench.Tokenizers;

/// <summary>
/// A deterministic mixed-script benchmark corpus built from the tokenizer golden corpus: lines that are either a
/// golden string or a sentence of words drawn from all golden strings (Latin, CJK, Arabic, Cyrillic, emoji, code,
/// numbers), with fresh numbers mixed in so that not every piece is a cache hit.
/// U+FEFF is removed: @huggingface/tokenizers (JavaScript) counts it as whitespace in <c>\s</c> and in added-token
/// stripping, while the Rust tokenizers library (Oniguruma) and this implementation do not, so lines with it would
/// make the two token streams differ for a reason unrelated to speed.
/// </summary>
internal static class MixedScriptCorpus
{
    public static string Build(int targetBytes, ulong seed)
    {
        var texts = ReadGoldenTexts().Select(t => t.Replace("\uFEFF", "")).ToArray();
        var words = texts.SelectMany(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var random = new SplitMix64(seed);
        var builder = new StringBuilder(targetBytes + 4096);
        var bytes = 0;
        while (bytes < targetBytes)
        {
            var line = random.Next(10) < 3 ? texts[random.Next(texts.Length)] : Sentence(words, random);
            builder.Append(line).Append('\n');
            bytes += Encoding.UTF8.GetByteCount(line) + 1;
        }
        return builder.ToString();
    }

    private static string Sentence(string[] words, SplitMix64 random)
    {
        var builder = new StringBuilder();
        var count = 5 + random.Next(25);
        for (var w = 0; w < count; w++)
        {
            if (w > 0)
            {
                builder.Append(' ');
            }
            if (random.Next(10) == 0)
            {
                builder.Append(random.Next(100000));
            }
            else
            {
                builder.Append(words[random.Next(words.Length)]);
            }
        }
        builder.Append(".!?:;"[random.Next(5)]);
        return builder.ToString();
    }

    private static string[] ReadGoldenTexts()
    {
        var path = Path.Combine(RepositoryPaths.TokenizerFixture("gpt2"), "golden.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("encode").EnumerateArray()
            .Select(c => c.GetProperty("text").GetString()!)
            .Where(t => t.Length > 0)
            .ToArray();
    }

    /// <summary>A fixed pseudo-random sequence (SplitMix64), identical on every run and runtime.</summary>
    private sealed class SplitMix64(ulong state)
    {
        public int Next(int exclusiveMax)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)exclusiveMax);
        }
    }
}
