namespace Inference.Protocol;

/// <summary>Object "chat.completion".</summary>
public sealed record ChatCompletionResponse
{
    public required string Id { get; init; }
    public string Object { get; init; } = "chat.completion";
    public required long Created { get; init; }
    public required string Model { get; init; }
    public required IReadOnlyList<ChatChoice> Choices { get; init; }
    public required Usage Usage { get; init; }
    public string? SystemFingerprint { get; init; }

    /// <summary>Extension: the selection report when test-time scaling ran.</summary>
    public TestTimeScalingReport? TestTimeScaling { get; init; }
}
