namespace Inference.LoadTest.Running;

/// <summary>
/// What one request did. <see cref="Status"/> is the HTTP status, or 0 when no response came (timeout, refused
/// connection, broken stream: <see cref="Error"/> says which). <see cref="TimeToFirstTokenMs"/> is set for streamed
/// requests that produced content. <see cref="HungUp"/>: the client went away mid-stream on purpose
/// (--disconnect-fraction); neither a success nor an error.
/// </summary>
public sealed record RequestOutcome(
    string Template,
    int Status,
    string? Error,
    double StartedAtSeconds,
    double LatencyMs,
    double? TimeToFirstTokenMs,
    int? OutputTokens,
    double? RetryAfterSeconds,
    bool HungUp = false)
{
    public bool Succeeded => Status is >= 200 and < 300 && Error is null && !HungUp;

    /// <summary>The server said 200 and then failed: an error event, no [DONE], a broken or stalled stream.</summary>
    public bool FailedAfterStart => Status is >= 200 and < 300 && Error is not null;
}
