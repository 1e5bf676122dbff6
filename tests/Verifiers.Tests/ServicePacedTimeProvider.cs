namespace Inference.Verifiers.Tests;

/// <summary>
/// System time, except for timers set to one due time (the timeout under test): the k-th such timer fires no earlier
/// than its due time and no earlier than the service has seen its k-th request. A timeout can then never cut an
/// attempt before the request reached the service, which on a loaded machine a few hundred milliseconds do not
/// guarantee (the verdict would still count the attempt, but the service would not have seen it).
/// Polly's timeout strategies make their timers through the pipeline's time provider (a cancellation token source
/// whose timer is created idle and then set with <see cref="ITimer.Change"/>), so both paths are paced.
/// </summary>
internal sealed class ServicePacedTimeProvider(TimeSpan pacedDueTime, Func<int, Task> serviceSaw) : TimeProvider
{
    private int _paced;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new PacedTimer(this, callback);
        timer.Start(base.CreateTimer(timer.Fire, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private Task? GateFor(TimeSpan dueTime) => dueTime == pacedDueTime ? serviceSaw(Interlocked.Increment(ref _paced)) : null;

    private sealed class PacedTimer(ServicePacedTimeProvider provider, TimerCallback callback) : ITimer
    {
        private ITimer _inner = null!;
        private volatile Task? _gate;

        public void Start(ITimer inner) => _inner = inner;

        public void Fire(object? state)
        {
            var gate = _gate;
            if (gate is null)
            {
                callback(state);
            }
            else
            {
                gate.ContinueWith(_ => callback(state), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _gate = provider.GateFor(dueTime);
            return _inner.Change(dueTime, period);
        }

        public void Dispose() => _inner.Dispose();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }
}
