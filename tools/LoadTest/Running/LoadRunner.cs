using System.Collections.Concurrent;
using System.Diagnostics;
using Inference.LoadTest.Statistics;
using Inference.LoadTest.Workload;

namespace Inference.LoadTest.Running;

/// <summary>
/// Drives the server with a <see cref="LoadPlan"/>. Closed loop: a client that got 429 waits the Retry-After
/// (at most 1 s, and never past the end) before its next request, so it does not spin. Open loop: an arrival that
/// finds <see cref="LoadPlan.MaxInFlight"/> requests outstanding is not sent and counted as dropped.
/// </summary>
public sealed class LoadRunner(RequestSender sender, RequestMix mix, LoadPlan plan)
{
    private readonly ConcurrentQueue<RequestOutcome> outcomes = new();
    private int issued;
    private int dropped;
    private int inFlight;

    /// <summary>Requests finished so far (for progress).</summary>
    public int Completed => outcomes.Count;

    public int Issued => Volatile.Read(ref issued);

    public async Task<LoadRunResult> RunAsync(CancellationToken cancellationToken)
    {
        plan.Validate();
        using var stopIssuing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopIssuing.CancelAfter(plan.Duration);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var work = plan.Mode == LoadMode.Closed
            ? Task.WhenAll(Enumerable.Range(0, plan.Concurrency).Select(_ => ClientAsync(clock, stopIssuing.Token, abort.Token)))
            : OpenLoopAsync(clock, stopIssuing.Token, abort.Token);
        // Requests still running after the issuing window get the drain time, then are cancelled.
        await stopIssuing.Token.WhenCancelledOr(work).ConfigureAwait(false);
        var issuingEnded = clock.Elapsed;
        if (!work.IsCompleted)
        {
            abort.CancelAfter(plan.Drain);
            await work.ConfigureAwait(false);
        }
        return new LoadRunResult(outcomes.ToArray(), clock.Elapsed, issuingEnded, Volatile.Read(ref dropped));
    }

    private bool TryIssue()
    {
        if (plan.MaxRequests is not { } max) { Interlocked.Increment(ref issued); return true; }
        while (true)
        {
            var seen = Volatile.Read(ref issued);
            if (seen >= max) return false;
            if (Interlocked.CompareExchange(ref issued, seen + 1, seen) == seen) return true;
        }
    }

    private async Task ClientAsync(Stopwatch clock, CancellationToken stop, CancellationToken abort)
    {
        while (!stop.IsCancellationRequested && TryIssue())
        {
            var outcome = await sender.SendAsync(mix.Next(), clock.Elapsed.TotalSeconds, abort).ConfigureAwait(false);
            outcomes.Enqueue(outcome);
            if (outcome.Status == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Min(outcome.RetryAfterSeconds ?? 0.1, 1.0));
                try { await Task.Delay(wait, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task OpenLoopAsync(Stopwatch clock, CancellationToken stop, CancellationToken abort)
    {
        var arrivals = new PoissonArrivals(plan.Rate, plan.Seed);
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var at = TimeSpan.FromSeconds(arrivals.Next());
            var wait = at - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try { await Task.Delay(wait, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            if (!TryIssue()) break;
            if (Interlocked.Increment(ref inFlight) > plan.MaxInFlight)
            {
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref dropped);
                continue;
            }
            var template = mix.Next();
            var startedAt = clock.Elapsed.TotalSeconds;
            running.Add(Task.Run(async () =>
            {
                try { outcomes.Enqueue(await sender.SendAsync(template, startedAt, abort).ConfigureAwait(false)); }
                finally { Interlocked.Decrement(ref inFlight); }
            }, CancellationToken.None));
            running.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }
}

/// <summary>Everything a run produced.</summary>
public sealed record LoadRunResult(IReadOnlyList<RequestOutcome> Outcomes, TimeSpan Elapsed, TimeSpan IssuingWindow, int Dropped);

internal static class CancellationTokenExtensions
{
    /// <summary>Completes when the token is cancelled or the task ends, whichever first.</summary>
    public static Task WhenCancelledOr(this CancellationToken token, Task task)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = token.Register(() => cancelled.TrySetResult());
        return Task.WhenAny(task, cancelled.Task).ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
    }
}
