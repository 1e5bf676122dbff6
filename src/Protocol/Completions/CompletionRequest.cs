using System.Text.Json;

namespace Inference.Protocol;

/// <summary>POST /v1/completions (legacy): prompt as a string, a list of strings, a token array or a list of token arrays.</summary>
public sealed class CompletionRequest : SamplingFields
{
    public JsonElement? Prompt { get; set; }

    /// <summary>Rejected: insertion (fill-in-the-middle) is not supported by decoder-only generation here.</summary>
    public string? Suffix { get; set; }

    public bool? Echo { get; set; }

    /// <summary>Top log-probabilities per position (0..5); the sampled token is always included.</summary>
    public int? Logprobs { get; set; }

    /// <summary>Samples generated per prompt; the n best are returned. Must be >= n; not with stream.</summary>
    public int? BestOf { get; set; }
}
