using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>Request fields shared by /v1/chat/completions and /v1/completions: OpenAI's sampling parameters and the
/// common extensions (top_k, min_p, repetition_penalty, min_tokens, ignore_eos, stop_token_ids).</summary>
public abstract class SamplingFields
{
    /// <summary>A served model id, a configured alias, or "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;".</summary>
    public string? Model { get; set; }

    public int? N { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? MaxTokens { get; set; }

    /// <summary>A string or up to Limits:MaxStopStrings strings.</summary>
    public JsonElement? Stop { get; set; }

    public long? Seed { get; set; }

    public double? PresencePenalty { get; set; }

    public double? FrequencyPenalty { get; set; }

    /// <summary>Token id (as a string key) to a bias in [-100, 100].</summary>
    public Dictionary<string, double>? LogitBias { get; set; }

    public bool? Stream { get; set; }

    public StreamOptions? StreamOptions { get; set; }

    public string? User { get; set; }

    /// <summary>Extension: keep the k most likely tokens (0 disables).</summary>
    public int? TopK { get; set; }

    /// <summary>Extension: drop tokens below min_p times the top token's probability.</summary>
    public double? MinP { get; set; }

    /// <summary>Extension: Hugging Face style repetition penalty (1 disables).</summary>
    public double? RepetitionPenalty { get; set; }

    /// <summary>Extension: stop tokens are suppressed until this many tokens were generated.</summary>
    public int? MinTokens { get; set; }

    /// <summary>Extension: keep generating past the model's EOS tokens.</summary>
    public bool? IgnoreEos { get; set; }

    /// <summary>Extension: token ids that end a sample, in addition to EOS.</summary>
    public List<int>? StopTokenIds { get; set; }

    /// <summary>Extension: keep special tokens in the output text.</summary>
    public bool? SkipSpecialTokens { get; set; }

    /// <summary>Extension: repeated sampling and selection.</summary>
    public TestTimeScalingRequest? TestTimeScaling { get; set; }

    [JsonIgnore]
    public bool IsStreaming => Stream == true;

    [JsonIgnore]
    public bool IncludeUsage => IsStreaming && StreamOptions?.IncludeUsage == true;
}
