namespace Inference.Engine.Tests.Templates;

/// <summary>A clock frozen at one instant, in UTC, so strftime_now renders the same date as the golden script.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
