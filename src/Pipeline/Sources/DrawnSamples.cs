using Inference.Engine.Generation;

namespace Inference.Pipeline.Sources;

/// <summary>Samples that arrived, by absolute index, with what each source delivered and, when fewer arrived than were
/// asked for, why.</summary>
/// <param name="PromptTokens">Prompt tokens processed for these samples (once per request they took).</param>
public sealed record DrawnSamples(IReadOnlyList<SampleResult> Samples, int PromptTokens, IReadOnlyList<SourceShare> Shares, string? Shortfall = null)
{
    /// <summary>The prompt's length in tokens as the source counted it; a pool's is its first chunk's.</summary>
    public int PromptLength { get; init; } = PromptTokens;

    public static DrawnSamples From(string source, GenerationResult result) =>
        new(result.Samples, result.PromptTokens, [new SourceShare(source, result.Samples.Count, 1)]);
}

/// <summary>What one source did for a request: samples delivered, chunks it completed, chunks that failed on it
/// (redrawn elsewhere), hedges it ran, the last error it gave, and how many of its samples came without
/// log-probabilities (a backend that does not return logprobs; the strategies that weigh by them then fall back).</summary>
public sealed record SourceShare(string Source, int Samples, int Chunks, int Failed = 0, int Hedged = 0, string? LastError = null, int WithoutLogprobs = 0)
{
    public static IReadOnlyList<SourceShare> Merge(IEnumerable<SourceShare> shares) =>
        shares.GroupBy(s => s.Source, StringComparer.Ordinal)
            .Select(g => new SourceShare(g.Key, g.Sum(s => s.Samples), g.Sum(s => s.Chunks), g.Sum(s => s.Failed), g.Sum(s => s.Hedged),
                g.LastOrDefault(s => s.LastError is not null)?.LastError, g.Sum(s => s.WithoutLogprobs)))
            .OrderBy(s => s.Source, StringComparer.Ordinal).ToList();
}
