using System.Diagnostics;
using System.Text.Json;
using Inference.Bench.Engine;
using Inference.Engine.Constraints;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;

namespace Inference.Bench.Constraints;

/// <summary>
/// Decode throughput with a JSON Schema constraint vs without, on the same prompt, rows, seed and token budget, both
/// sides back to back in every repeat (the order alternates). The random-weight model never closes a string by itself,
/// so the constrained rows run to max_tokens, where the budget closes their documents.
/// </summary>
internal static class ConstrainedDecodingBenchmark
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<RatioSeries> RunAsync(ModelPackage package, int rows, int tokens, int repeats)
    {
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = Math.Max(64, rows) });
        var prompt = BenchModel.Prompt(package);
        var constraint = TokenConstraint.FromJsonSchema(BenchSchemas.Decode);
        var shortest = constraint.Bind(ConstraintVocabulary.For(package.Tokenizer, package.Descriptor.VocabSize)).MinimumTokens;
        if (tokens < shortest)
        {
            Console.WriteLine($"  tokens per row raised to {shortest}: the schema's shortest document in this vocabulary");
            tokens = shortest;
        }
        var free = new SamplingParams { Seed = 1, MaxTokens = tokens, IgnoreEos = true };
        var constrained = free with { Constraint = constraint, IgnoreEos = false };
        // Warm-up: the JIT's tiers, and the grammar states and masks the measured runs will meet (as a server that has
        // served the schema before has them).
        var documents = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var warm = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = rows, Sampling = constrained with { Seed = 100 + i } });
            documents.AddRange(warm.Samples.Select(s => s.Text));
            await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = rows, Sampling = free });
        }
        // Not a test, a sanity check that what is timed is what it claims to be: the constrained rows write JSON.
        var parsed = documents.Count(d => { try { using var _ = JsonDocument.Parse(d); return true; } catch (JsonException) { return false; } });
        Console.WriteLine($"  warm-up: {parsed} of {documents.Count} constrained samples parse as JSON, e.g. {JsonSerializer.Serialize(documents[0][..Math.Min(120, documents[0].Length)], Readable)}");
        var series = new RatioSeries($"constrained/unconstrained decode tokens/s, {rows} rows x {tokens} tokens", "target >= 0.85");
        for (var r = 0; r < repeats; r++)
        {
            double freeRate = 0, constrainedRate = 0;
            var constrainedTokens = 0;
            foreach (var side in r % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var watch = Stopwatch.StartNew();
                var result = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = rows, Sampling = side ? constrained : free });
                var rate = result.CompletionTokens / watch.Elapsed.TotalSeconds;
                if (side) (constrainedRate, constrainedTokens) = (rate, result.CompletionTokens);
                else freeRate = rate;
            }
            series.Add(constrainedRate / freeRate);
            Console.WriteLine($"  run {r + 1}: unconstrained {freeRate:F0} tok/s ({rows * tokens} tokens), constrained {constrainedRate:F0} tok/s " +
                              $"({constrainedTokens} tokens), ratio {constrainedRate / freeRate:F3}");
        }
        return series;
    }
}
