using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>Object "text_completion", both the whole response and each streamed chunk.</summary>
public sealed record CompletionResponse
{
    public required string Id { get; init; }
    public string Object { get; init; } = "text_completion";
    public required long Created { get; init; }
    public required string Model { get; init; }
    public required IReadOnlyList<CompletionChoice> Choices { get; init; }
    public Usage? Usage { get; init; }

    [JsonIgnore]
    public bool UsageRequested { get; init; }

    public string? SystemFingerprint { get; init; }

    /// <summary>Extension: one selection report per prompt when test-time scaling ran.</summary>
    public IReadOnlyList<TestTimeScalingReport>? TestTimeScaling { get; init; }
}
