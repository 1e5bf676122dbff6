using System.Diagnostics;
using System.Text;
using Inference.Engine.Tokenization;

namespace Inference.Bench.Tokenizers;

/// <summary>Encodes every corpus line with <see cref="Tokenizer"/>: warm-up passes (JIT tiers, cache) then timed repeats.</summary>
internal static class DotnetTokenizerRun
{
    public const int WarmUpPasses = 3;

    public static ThroughputSample Measure(Tokenizer tokenizer, string corpus, int repeats)
    {
        var lines = corpus.Split('\n');
        var ids = new List<int>(4096);
        var (tokens, checksum) = EncodeAll(tokenizer, lines, ids);
        for (var w = 1; w < WarmUpPasses; w++)
        {
            EncodeAll(tokenizer, lines, ids);
        }
        var seconds = new List<double>();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            EncodeAll(tokenizer, lines, ids);
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        var allocatedPerRun = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / repeats;
        return new ThroughputSample("Inference.Engine.Tokenization (.NET)", seconds, Encoding.UTF8.GetByteCount(corpus), tokens, checksum)
        {
            AllocatedBytesPerRun = allocatedPerRun,
        };
    }

    // FNV-1a over the ids, computed the same way as bench.mjs.
    private static (long Tokens, uint Checksum) EncodeAll(Tokenizer tokenizer, string[] lines, List<int> ids)
    {
        var hash = 0x811c9dc5u;
        long tokens = 0;
        foreach (var line in lines)
        {
            ids.Clear();
            tokenizer.Encode(line, ids, addSpecialTokens: false);
            tokens += ids.Count;
            foreach (var id in ids)
            {
                hash = (hash ^ (uint)id) * 0x01000193u;
            }
        }
        return (tokens, hash);
    }
}
