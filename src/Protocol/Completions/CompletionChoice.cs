using System.Text.Json.Serialization;

namespace Inference.Protocol;

public sealed record CompletionChoice
{
    public required string Text { get; init; }
    public required int Index { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public CompletionLogprobs? Logprobs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
