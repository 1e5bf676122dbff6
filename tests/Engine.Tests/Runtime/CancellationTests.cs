using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Tests.Runtime;

/// <summary>A cancelled token stops a run in flight (ONNX Runtime's terminate flag), with and without an I/O binding.</summary>
public sealed class CancellationTests
{
    [Fact]
    public void CancelledRunStopsInFlightWithOnnxRuntimesMessage()
    {
        using var session = SlowSession();
        using var x = RuntimeFixtures.Tensor(new float[384 * 384], 384, 384);
        var uncancelled = Time(() => session.Run(["x"], [x], ["y"], CancellationToken.None).Dispose());

        var stopped = StopInFlight(uncancelled, token => session.Run(["x"], [x], ["y"], token).Dispose());
        Assert.Contains("terminate", stopped.OrtMessage, StringComparison.OrdinalIgnoreCase);

        // An already-cancelled token never starts the run; the session still works afterwards.
        Assert.ThrowsAny<OperationCanceledException>(() => session.Run(["x"], [x], ["y"], new CancellationToken(true)));
        session.Run(["x"], [x], ["y"], CancellationToken.None).Dispose();
    }

    [Fact]
    public void CancelledBoundRunStopsInFlightAndReusedRunOptionsAreResetForTheNextRun()
    {
        using var session = SlowSession();
        using var x = RuntimeFixtures.Tensor(new float[384 * 384], 384, 384);
        var output = new float[384 * 384];
        using var y = RuntimeFixtures.Tensor(output, 384, 384);
        using var binding = session.CreateIoBinding();
        binding.BindInput("x", x);
        binding.BindOutput("y", y);
        using var options = new RunOptions();
        var uncancelled = Time(() => session.RunWithBinding(binding, CancellationToken.None, options));

        StopInFlight(uncancelled, token => session.RunWithBinding(binding, token, options));
        Assert.False(options.Terminate);
        // The same options run to the end afterwards: the flag was reset once the registration was gone.
        x.GetTensorMutableDataAsSpan<float>().Fill(0.5f);
        session.RunWithBinding(binding, CancellationToken.None, options);
        Assert.NotEqual(0f, output[0]);
    }

    private static InferenceSession SlowSession() => SessionFactory.Create(RuntimeFixtures.Path("runtime/slow_chain.onnx"), configure: o =>
    {
        o.IntraOpNumThreads = 1;
        o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
    }).Session;

    private static TimeSpan Time(Action run)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        run();
        return watch.Elapsed;
    }

    /// <summary>
    /// Cancels a run part-way until ONNX Runtime's own "terminate" error proves it was stopped in flight. On a loaded
    /// machine the timer can fire before the run starts (the token then stops it before ONNX Runtime sees it) or after
    /// it ended: those attempts prove nothing either way, so try again. Without working cancellation none succeeds.
    /// Elapsed times are not asserted: this machine is shared and noisy.
    /// </summary>
    private static OrtException StopInFlight(TimeSpan uncancelled, Action<CancellationToken> run)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Max(20, uncancelled.TotalMilliseconds / 10)));
            try
            {
                run(cts.Token);
            }
            catch (OperationCanceledException error) when (error.InnerException is OrtException inner)
            {
                return inner;
            }
            catch (OperationCanceledException)
            {
            }
        }
        throw new Xunit.Sdk.XunitException("No run was stopped in flight in 10 attempts.");
    }
}
