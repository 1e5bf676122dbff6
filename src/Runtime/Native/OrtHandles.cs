using System.Runtime.InteropServices;

namespace Inference.Runtime.Native;

/// <summary>
/// Owners of ONNX Runtime objects: one SafeHandle type per Ort object kind, each releasing through its own
/// <c>Release*</c> slot. The runtime guarantees release exactly once, also from the finalizer.
/// </summary>
internal abstract unsafe class OrtHandle : SafeHandle
{
    protected OrtHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Holds a reference for the duration of a native call, so a concurrent Dispose cannot free the object
    /// mid-call; throws <see cref="ObjectDisposedException"/> when already disposed.</summary>
    public Lease Acquire()
    {
        var added = false;
        DangerousAddRef(ref added);
        return new Lease(this);
    }

    public readonly ref struct Lease(OrtHandle owner)
    {
        public IntPtr Pointer => owner.DangerousGetHandle();

        public void Dispose() => owner.DangerousRelease();
    }
}

internal sealed unsafe class EnvHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseEnv(handle); return true; }
}

internal sealed unsafe class SessionOptionsHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseSessionOptions(handle); return true; }
}

internal sealed unsafe class SessionHandle(IntPtr handle) : OrtHandle(handle)
{
    /// <summary>Native memory the session's callers read while a run is in flight (cached UTF-8 names); freed with
    /// the session, so it outlives every call that holds a lease.</summary>
    public List<IDisposable> Dependents { get; } = new();

    protected override bool ReleaseHandle()
    {
        OrtLibrary.Api.ReleaseSession(handle);
        foreach (var dependent in Dependents) dependent.Dispose();
        return true;
    }
}

internal sealed unsafe class ValueHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseValue(handle); return true; }
}

internal sealed unsafe class MemoryInfoHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseMemoryInfo(handle); return true; }
}

internal sealed unsafe class RunOptionsHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseRunOptions(handle); return true; }
}

internal sealed unsafe class IoBindingHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseIoBinding(handle); return true; }
}

internal sealed unsafe class TypeInfoHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseTypeInfo(handle); return true; }
}

internal sealed unsafe class TensorTypeAndShapeInfoHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseTensorTypeAndShapeInfo(handle); return true; }
}

internal sealed unsafe class CudaProviderOptionsHandle(IntPtr handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle() { OrtLibrary.Api.ReleaseCUDAProviderOptions(handle); return true; }
}
