using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>choices[].logprobs of a chat completion: one entry per generated token.</summary>
public sealed record ChatLogprobs(IReadOnlyList<ChatTokenLogprob> Content)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? Refusal => null;
}
