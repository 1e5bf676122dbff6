using Inference.Engine.Sampling.Schedules;

namespace Inference.Testing;

/// <summary>
/// A constant temperature (1 unless given; 0 decodes greedily) that blocks the decode loop the first time it samples
/// token <c>atToken</c>, so a test
/// can look at (or act on) a running request while the loop is held still instead of racing it.
/// Submit validates a schedule by calling it on the submitting thread (the one that made the gate), so only a
/// call from another thread (the decode loop) blocks. The block is bounded (60 s) so a test that fails before
/// releasing cannot hang the loop.
/// </summary>
public sealed class StepGate(int atToken, double temperature = 1.0) : ITemperatureSchedule, IDisposable
{
    private readonly int creatorThread = Environment.CurrentManagedThreadId;
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim released = new();

    public string Name => "gate";

    /// <summary>Completes when the decode loop is parked in the gate.</summary>
    public Task Reached => reached.Task;

    public double At(int t)
    {
        if (t == atToken && Environment.CurrentManagedThreadId != creatorThread && reached.TrySetResult())
            released.Wait(TimeSpan.FromSeconds(60));
        return temperature;
    }

    public void Release() => released.Set();

    public void Dispose()
    {
        released.Set();
        released.Dispose();
    }
}
