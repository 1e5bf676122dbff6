using Inference.Runtime.Native;

namespace Inference.Runtime;

/// <summary>Per-run options; <see cref="Terminate"/> makes an in-flight run stop at its next check.</summary>
internal sealed unsafe class RunOptions : IDisposable
{
    private readonly RunOptionsHandle handle;

    private RunOptions(RunOptionsHandle handle) => this.handle = handle;

    public IntPtr Pointer => handle.DangerousGetHandle();

    public static RunOptions Create()
    {
        IntPtr raw;
        OrtStatus.Check(OrtLibrary.Api.CreateRunOptions(&raw));
        return new RunOptions(new RunOptionsHandle(raw));
    }

    public void Terminate()
    {
        using var lease = handle.Acquire();
        OrtStatus.Check(OrtLibrary.Api.RunOptionsSetTerminate(lease.Pointer));
    }

    public void Dispose() => handle.Dispose();
}
