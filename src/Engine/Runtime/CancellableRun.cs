using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Runtime;

/// <summary>
/// Runs an <see cref="InferenceSession"/> so that a <see cref="CancellationToken"/> stops the run in flight: a
/// registration on the token sets <see cref="RunOptions.Terminate"/>, ONNX Runtime stops at its next check
/// (tens of milliseconds) and the caller gets an <see cref="OperationCanceledException"/> whose inner exception is
/// ONNX Runtime's own. Other failures come out as <see cref="OrtException"/> with their error code.
/// Pass a <see cref="RunOptions"/> to reuse one across runs (one run at a time per options): its terminate flag is
/// reset after a cancelled run. Without one, each run gets its own.
/// </summary>
public static class CancellableRun
{
    /// <summary>Checks the inputs (<see cref="ModelInputs.Check(InferenceSession, IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string})"/>),
    /// then runs; the caller owns the returned outputs.</summary>
    public static IDisposableReadOnlyCollection<OrtValue> Run(this InferenceSession session, IReadOnlyList<string> inputNames,
        IReadOnlyList<OrtValue> inputs, IReadOnlyList<string> outputNames, CancellationToken cancellationToken, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ModelInputs.Check(session, inputNames, inputs, outputNames);
        return Execute(options, cancellationToken, o => session.Run(o, inputNames, inputs, outputNames));
    }

    /// <summary>Runs with the inputs and outputs bound in <paramref name="binding"/> (outputs bound to preallocated
    /// values are written in place).</summary>
    public static void RunWithBinding(this InferenceSession session, OrtIoBinding binding, CancellationToken cancellationToken,
        RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(binding);
        Execute(options, cancellationToken, o =>
        {
            session.RunWithBinding(o, binding);
            return true;
        });
    }

    private static T Execute<T>(RunOptions? options, CancellationToken cancellationToken, Func<RunOptions, T> run)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var owned = options is null ? new RunOptions() : null;
        var runOptions = options ?? owned!;
        try
        {
            // Disposing the registration waits for a callback already running, so the reset below cannot be undone by it.
            using (cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, runOptions))
            {
                try
                {
                    return run(runOptions);
                }
                catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The model run was cancelled.", OrtException.From(ex), cancellationToken);
                }
                catch (OnnxRuntimeException ex)
                {
                    throw OrtException.From(ex);
                }
            }
        }
        finally
        {
            if (owned is not null) owned.Dispose();
            else if (cancellationToken.IsCancellationRequested) runOptions.Terminate = false;
        }
    }
}
