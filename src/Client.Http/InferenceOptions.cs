using System.Text.Json;
using Inference.Protocol;

namespace Inference.Client;

/// <summary>
/// Sampling and test-time-scaling options of one call, for the embedded client and the HTTP client alike: both turn
/// them into the same wire request (<see cref="ToChatRequest"/>), which the server, or the embedded client in your
/// process, resolves with the same defaults and checks. Unset fields take the model's declared generation defaults,
/// then the API's (temperature 1, no truncation, max_tokens the rest of the context).
/// </summary>
public record InferenceOptions
{
    /// <summary>Constant sampling temperature; 0 is greedy. A per-token schedule goes in
    /// <see cref="TestTimeScalingRequest.TemperatureSchedule"/>.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus sampling mass, in (0, 1].</summary>
    public double? TopP { get; init; }

    /// <summary>Keep the k most likely tokens (0 disables).</summary>
    public int? TopK { get; init; }

    /// <summary>Drop tokens below min_p times the top token's probability.</summary>
    public double? MinP { get; init; }

    /// <summary>Hugging Face style repetition penalty (1 disables).</summary>
    public double? RepetitionPenalty { get; init; }

    /// <summary>OpenAI style presence penalty, -2..2.</summary>
    public double? PresencePenalty { get; init; }

    /// <summary>OpenAI style frequency penalty, -2..2.</summary>
    public double? FrequencyPenalty { get; init; }

    /// <summary>Tokens to generate at most per sample.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Strings that end a sample (not included in the text).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Seed of sample 0 (sample i uses seed + i); null draws one.</summary>
    public long? Seed { get; init; }

    /// <summary>Choices to return (OpenAI <c>n</c>); with test-time scaling, the k answers returned.</summary>
    public int N { get; init; } = 1;

    /// <summary>Report per-token log-probabilities.</summary>
    public bool Logprobs { get; init; }

    /// <summary>Alternatives per position with their log-probabilities (0..20).</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Sample N and select (strategy, samples, verifiers, schedule, early stop...); null generates plainly.</summary>
    public TestTimeScalingRequest? TestTimeScaling { get; init; }

    /// <summary>Structured output (json_object or json_schema), enforced while decoding; null for free text.</summary>
    public ResponseFormatRequest? ResponseFormat { get; init; }

    /// <summary>Functions the model may call.</summary>
    public IReadOnlyList<ToolDefinition>? Tools { get; init; }

    /// <summary>tool_choice as on the wire: "none", "auto", "required" or {"type": "function", "function": {"name": ...}}.</summary>
    public JsonElement? ToolChoice { get; init; }

    /// <summary>The chat request these options stand for, with <paramref name="messages"/> (none for the embedded
    /// client, which renders its own).</summary>
    public ChatCompletionRequest ToChatRequest(string? model = null, IEnumerable<(string Role, string Content)>? messages = null) => new()
    {
        Model = model,
        Messages = messages?.Select(m => new ChatMessageDto
        {
            Role = m.Role, Content = JsonSerializer.SerializeToElement(m.Content, ProtocolJsonContext.Default.String),
        }).ToList(),
        Temperature = Temperature,
        TopP = TopP,
        TopK = TopK,
        MinP = MinP,
        RepetitionPenalty = RepetitionPenalty,
        PresencePenalty = PresencePenalty,
        FrequencyPenalty = FrequencyPenalty,
        MaxTokens = MaxTokens,
        Seed = Seed,
        N = N == 1 ? null : N,
        Logprobs = Logprobs || TopLogprobs > 0 ? true : null,
        TopLogprobs = TopLogprobs > 0 ? TopLogprobs : null,
        Stop = Stop.Count == 0 ? null : JsonSerializer.SerializeToElement(Stop.ToArray(), ProtocolJsonContext.Default.StringArray),
        TestTimeScaling = TestTimeScaling,
        ResponseFormat = ResponseFormat,
        Tools = Tools is { Count: > 0 } ? JsonSerializer.SerializeToElement(Tools.ToList(), ProtocolJsonContext.Default.ListToolDefinition) : null,
        ToolChoice = ToolChoice,
    };
}
