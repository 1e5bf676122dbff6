using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Sampling.Schedules;
using Inference.Server.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Inference.Server.Tests;

/// <summary>
/// Holds the served model's decode loop still, so a test can act while a request is queued or mid-generation instead
/// of hoping the loop is slower than the test thread (on a loaded machine it often is not, and the tiny model decodes
/// 64 x 100 tokens in a few hundred milliseconds). The gate is the temperature schedule of one extra one-row request
/// that it submits itself: the loop calls it on its own thread while sampling that row, and it blocks there.
/// Releasing (or disposing) cancels that request and lets the loop go. Every wait is bounded (60 s) so a failing test cannot hang.
/// </summary>
public sealed class DecodeLoopGate : ITemperatureSchedule, IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource cancel = new();
    private GenerationHandle? holder;
    private volatile Park? park;
    private int released;

    private DecodeLoopGate(GenerationScheduler scheduler) => Scheduler = scheduler;

    public GenerationScheduler Scheduler { get; }

    public string Name => "decode-loop-gate";

    /// <summary>
    /// Submits the holding request and returns once the loop is parked in it, before anything else can be admitted
    /// or decoded: requests sent now wait in the queue (and count as queued) until the gate moves on.
    /// </summary>
    public static async Task<DecodeLoopGate> HoldAsync(ServerFixture server)
    {
        var model = server.Services.GetRequiredService<ModelCatalog>().Models.Single();
        var gate = new DecodeLoopGate(model.Scheduler!);
        var prompt = model.Served!.Package!.Tokenizer.Encode("1+1=", addSpecialTokens: false);
        gate.holder = gate.Scheduler.Submit(new GenerationRequest
        {
            PromptTokens = prompt,
            Samples = 1,
            Stream = false,
            Sampling = new SamplingParams { Seed = 1, MaxTokens = 64, IgnoreEos = true, TemperatureSchedule = gate },
        }, gate.cancel.Token);
        // Armed only after Submit, which validated the schedule by calling it on this thread.
        await gate.MoveOnUntilAsync(() => true);
        return gate;
    }

    /// <summary>
    /// Lets the loop run and parks it again at the first step in which <paramref name="condition"/> holds (it is
    /// evaluated on the loop's thread while the holding row is sampled, e.g. "another request's rows are in the
    /// batch"). The holding row must still be running then: it has 64 tokens, so only move on to a state the loop
    /// reaches at once, such as admitting a request that is already queued.
    /// </summary>
    public async Task MoveOnUntilAsync(Func<bool> condition)
    {
        var next = new Park(condition);
        var previous = park;
        park = next;
        previous?.Released.Set();
        try
        {
            await next.Reached.Task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The decode loop did not reach the awaited state within {Bound.TotalSeconds:0} s.");
        }
    }

    public double At(int t)
    {
        var p = park;
        if (p is not null && !p.Reached.Task.IsCompleted && p.When())
        {
            p.Reached.TrySetResult();
            p.Released.Wait(Bound);
        }
        return 1.0;
    }

    public ValueTask DisposeAsync() => new(ReleaseAsync());

    /// <summary>Cancels the holding request and lets the loop go for good; waits until the request has ended.</summary>
    public async Task ReleaseAsync()
    {
        if (Interlocked.Exchange(ref released, 1) == 1) return;
        cancel.Cancel();
        var p = park;
        park = null;
        p?.Released.Set();
        if (holder is not null)
        {
            try
            {
                await holder.Completion.WaitAsync(Bound);
            }
            catch (SchedulerStoppedException)
            {
                // The host was stopped and disposed first; its loop failed the holding request on the way out.
            }
        }
        cancel.Dispose();
    }

    private sealed class Park(Func<bool> when)
    {
        public Func<bool> When { get; } = when;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Released { get; } = new();
    }
}
