namespace Inference.Verifiers.Tests;

/// <summary>
/// System time plus a manual offset: <see cref="Advance"/> jumps the clock the circuit breaker reads (wall clock and
/// timestamps) without waiting, while timers (timeouts, backoff delays) still run in real time.
/// </summary>
internal sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (double)TimestampFrequency / TimeSpan.TicksPerSecond);
}
