using System.Runtime.InteropServices;
using Inference.Runtime.Native;

namespace Inference.Runtime;

/// <summary>
/// Inputs and outputs bound to a session ahead of a run. Outputs bound to a device <see cref="OrtMemoryInfo"/> stay
/// there (e.g. a KV cache kept in GPU memory between decode steps) and can be bound as the next step's inputs.
/// Bound values must stay alive until the binding is cleared or disposed.
/// </summary>
public sealed unsafe class IoBinding : IDisposable
{
    private readonly InferenceSession session;

    private IoBinding(InferenceSession session, IoBindingHandle handle)
    {
        this.session = session;
        Handle = handle;
    }

    internal IoBindingHandle Handle { get; }

    internal static IoBinding Create(InferenceSession session)
    {
        IntPtr raw;
        using (var lease = session.Handle.Acquire())
            OrtStatus.Check(OrtLibrary.Api.CreateIoBinding(lease.Pointer, &raw));
        return new IoBinding(session, new IoBindingHandle(raw));
    }

    public void BindInput(string name, OrtValue value)
    {
        InferenceSession.CheckInput(session.InputMetadata[session.InputIndexOf(name)], value);
        using var utf8 = new Utf8Strings([name]);
        using var binding = Handle.Acquire();
        using var bound = value.Handle.Acquire();
        OrtStatus.Check(OrtLibrary.Api.BindInput(binding.Pointer, utf8[0], bound.Pointer));
    }

    /// <summary>Binds a preallocated output tensor.</summary>
    public void BindOutput(string name, OrtValue value)
    {
        using var utf8 = new Utf8Strings([name]);
        using var binding = Handle.Acquire();
        using var bound = value.Handle.Acquire();
        OrtStatus.Check(OrtLibrary.Api.BindOutput(binding.Pointer, utf8[0], bound.Pointer));
    }

    /// <summary>Lets ONNX Runtime allocate the output on <paramref name="memory"/>'s device.</summary>
    public void BindOutput(string name, OrtMemoryInfo memory)
    {
        using var utf8 = new Utf8Strings([name]);
        using var binding = Handle.Acquire();
        using var info = memory.Handle.Acquire();
        OrtStatus.Check(OrtLibrary.Api.BindOutputToDevice(binding.Pointer, utf8[0], info.Pointer));
    }

    /// <summary>Names of the bound outputs, in binding order.</summary>
    public IReadOnlyList<string> GetOutputNames()
    {
        var api = OrtLibrary.Api;
        IntPtr allocator;
        byte* buffer;
        nuint* lengths;
        nuint count;
        OrtStatus.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        using (var binding = Handle.Acquire())
            OrtStatus.Check(api.GetBoundOutputNames(binding.Pointer, allocator, &buffer, &lengths, &count));
        if (count == 0) return [];
        try
        {
            var names = new string[(int)count];
            var offset = 0;
            for (var i = 0; i < (int)count; i++)
            {
                names[i] = Marshal.PtrToStringUTF8((IntPtr)(buffer + offset), (int)lengths[i]);
                offset += (int)lengths[i];
            }
            return names;
        }
        finally
        {
            OrtStatus.Check(api.AllocatorFree(allocator, buffer));
            OrtStatus.Check(api.AllocatorFree(allocator, lengths));
        }
    }

    /// <summary>The bound outputs after a run, owned by the caller (in binding order).</summary>
    public OrtValueList GetOutputValues()
    {
        var api = OrtLibrary.Api;
        var names = GetOutputNames();
        IntPtr allocator;
        IntPtr* values;
        nuint count;
        OrtStatus.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        using (var binding = Handle.Acquire())
            OrtStatus.Check(api.GetBoundOutputValues(binding.Pointer, allocator, &values, &count));
        if (count == 0) return new OrtValueList([], []);
        try
        {
            var result = new OrtValue[(int)count];
            for (var i = 0; i < (int)count; i++) result[i] = OrtValue.FromNative(values[i]);
            return new OrtValueList(names.ToArray(), result);
        }
        finally
        {
            OrtStatus.Check(api.AllocatorFree(allocator, values));
        }
    }

    /// <summary>Waits for device outputs to be ready (needed before reading them on another stream).</summary>
    public void SynchronizeOutputs()
    {
        using var binding = Handle.Acquire();
        OrtStatus.Check(OrtLibrary.Api.SynchronizeBoundOutputs(binding.Pointer));
    }

    public void ClearInputs()
    {
        using var binding = Handle.Acquire();
        OrtLibrary.Api.ClearBoundInputs(binding.Pointer);
    }

    public void ClearOutputs()
    {
        using var binding = Handle.Acquire();
        OrtLibrary.Api.ClearBoundOutputs(binding.Pointer);
    }

    public void Dispose() => Handle.Dispose();
}
