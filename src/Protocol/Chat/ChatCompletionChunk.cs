using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>Object "chat.completion.chunk": one SSE event. <see cref="Usage"/> is written (as null) on every chunk when
/// stream_options.include_usage was asked for, and left out otherwise.</summary>
public sealed record ChatCompletionChunk
{
    public required string Id { get; init; }
    public string Object { get; init; } = "chat.completion.chunk";
    public required long Created { get; init; }
    public required string Model { get; init; }
    public required IReadOnlyList<ChatChunkChoice> Choices { get; init; }
    public Usage? Usage { get; init; }

    [JsonIgnore]
    public bool UsageRequested { get; init; }

    public TestTimeScalingReport? TestTimeScaling { get; init; }
}
