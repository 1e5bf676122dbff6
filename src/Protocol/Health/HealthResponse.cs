namespace Inference.Protocol;

/// <summary>/health/live and /health/ready: status "ok", "loading" or "failed", per model.</summary>
public sealed record HealthResponse(string Status, IReadOnlyList<ModelHealth> Models);

public sealed record ModelHealth(string Id, string Status, string? Device, IReadOnlyList<string>? ExecutionProviders, string? Error);
