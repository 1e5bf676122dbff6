namespace Inference.Server.Hosting;

/// <summary>Requests being served now and when the last one ended: what "idle" means to the <see cref="IdleMemoryTrimmer"/>.</summary>
public sealed class RequestActivity(TimeProvider time)
{
    private int inFlight;
    private long lastEnded = time.GetTimestamp();

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>When the last request ended (a <see cref="TimeProvider"/> timestamp): it names the current idle period.</summary>
    public long LastEnded => Volatile.Read(ref lastEnded);

    public void Started() => Interlocked.Increment(ref inFlight);

    public void Ended()
    {
        Volatile.Write(ref lastEnded, time.GetTimestamp());
        Interlocked.Decrement(ref inFlight);
    }

    /// <summary>How long nothing has been in flight; zero while a request is.</summary>
    public TimeSpan Idle => InFlight > 0 ? TimeSpan.Zero : time.GetElapsedTime(LastEnded);
}
