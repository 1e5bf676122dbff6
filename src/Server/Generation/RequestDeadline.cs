using Inference.Server.Errors;

namespace Inference.Server.Generation;

/// <summary>The request's cancellation: the client going away or the configured deadline, whichever comes first. When
/// the request ends (disposal), whatever it still has running is cancelled, e.g. the other prompts of a call that failed.</summary>
public sealed class RequestDeadline : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly CancellationToken aborted;
    private readonly TimeSpan timeout;

    public RequestDeadline(CancellationToken aborted, TimeSpan timeout)
    {
        this.aborted = aborted;
        this.timeout = timeout;
        source = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        source.CancelAfter(timeout);
    }

    public CancellationToken Token => source.Token;

    public bool ClientGone => aborted.IsCancellationRequested;

    public bool Expired => source.IsCancellationRequested && !aborted.IsCancellationRequested;

    private int disconnectCounted;

    /// <summary>True the first time only: a request that went away is counted once, however many of its prompts or
    /// layers (pipeline, stream) saw the cancellation.</summary>
    public bool FirstToCountDisconnect() => Interlocked.Exchange(ref disconnectCounted, 1) == 0;

    public ApiException Error() =>
        new(504, ErrorTypes.Timeout, $"The request did not finish within its deadline of {timeout.TotalSeconds:0.###} s (Limits:RequestTimeoutSeconds).", null, "deadline_exceeded");

    /// <summary>Translates a cancellation into the 504 when the deadline caused it; otherwise lets it propagate.</summary>
    public void ThrowIfExpired()
    {
        if (Expired) throw Error();
        aborted.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        source.Cancel();
        source.Dispose();
    }
}
