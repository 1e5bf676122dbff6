namespace Inference.LoadTest.Running;

/// <summary>
/// What one request did. <see cref="Status"/> is the HTTP status, or 0 when no response came (timeout, refused
/// connection, broken stream: <see cref="Error"/> says which). <see cref="TimeToFirstTokenMs"/> is set for streamed
/// requests that produced content.
/// </summary>
public sealed record RequestOutcome(
    string Template,
    int Status,
    string? Error,
    double StartedAtSeconds,
    double LatencyMs,
    double? TimeToFirstTokenMs,
    int? OutputTokens,
    double? RetryAfterSeconds)
{
    public bool Succeeded => Status is >= 200 and < 300 && Error is null;
}
