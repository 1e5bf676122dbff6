using System.Runtime.InteropServices;
using Inference.Runtime.Native;

namespace Inference.Runtime;

/// <summary>Where a tensor's memory lives (CPU, or a device such as "Cuda" with its id).</summary>
public sealed unsafe class OrtMemoryInfo : IDisposable
{
    private static OrtMemoryInfo? cpu;

    private OrtMemoryInfo(MemoryInfoHandle handle, string name, int deviceId)
    {
        Handle = handle;
        Name = name;
        DeviceId = deviceId;
    }

    internal MemoryInfoHandle Handle { get; }

    /// <summary>The allocator name ONNX Runtime uses, e.g. "Cpu" or "Cuda".</summary>
    public string Name { get; }

    public int DeviceId { get; }

    /// <summary>Plain CPU memory; shared, never disposed.</summary>
    public static OrtMemoryInfo Cpu
    {
        get
        {
            if (cpu is not null) return cpu;
            _ = OrtEnvironment.Instance;
            IntPtr info;
            OrtStatus.Check(OrtLibrary.Api.CreateCpuMemoryInfo(0 /* OrtDeviceAllocator */, 0 /* OrtMemTypeDefault */, &info));
            Interlocked.CompareExchange(ref cpu, new OrtMemoryInfo(new MemoryInfoHandle(info), "Cpu", 0), null);
            return cpu;
        }
    }

    /// <summary>Memory of a device; <paramref name="name"/> is ONNX Runtime's allocator name ("Cuda", "CudaPinned").</summary>
    public static OrtMemoryInfo ForDevice(string name, int deviceId)
    {
        _ = OrtEnvironment.Instance;
        IntPtr info;
        var utf8 = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            OrtStatus.Check(OrtLibrary.Api.CreateMemoryInfo((byte*)utf8, 0 /* OrtDeviceAllocator */, deviceId, 0, &info));
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
        return new OrtMemoryInfo(new MemoryInfoHandle(info), name, deviceId);
    }

    /// <summary>Reads name and device id of memory info owned by ONNX Runtime (not released here).</summary>
    internal static (string Name, int DeviceId) Describe(IntPtr info)
    {
        var api = OrtLibrary.Api;
        byte* name;
        int id;
        OrtStatus.Check(api.MemoryInfoGetName(info, &name));
        OrtStatus.Check(api.MemoryInfoGetId(info, &id));
        return (Marshal.PtrToStringUTF8((IntPtr)name) ?? "", id);
    }

    public override string ToString() => $"{Name}:{DeviceId}";

    public void Dispose()
    {
        if (!ReferenceEquals(this, cpu)) Handle.Dispose();
    }
}
