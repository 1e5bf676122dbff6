using System.Text.Json.Serialization;

namespace Inference.Protocol;

public sealed record ChatChoice
{
    public required int Index { get; init; }
    public required ChatResponseMessage Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ChatLogprobs? Logprobs { get; init; }

    public required string FinishReason { get; init; }
}
