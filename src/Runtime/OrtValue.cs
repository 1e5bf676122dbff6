using System.Buffers;
using Inference.Runtime.Native;

namespace Inference.Runtime;

/// <summary>
/// A tensor owned by this object: either allocated by ONNX Runtime, or a view over pinned managed memory that stays
/// pinned until <see cref="Dispose"/>. Spans returned by <see cref="GetTensorData{T}"/> are valid only while the value
/// is alive and only for tensors in CPU memory.
/// </summary>
public sealed unsafe class OrtValue : IDisposable
{
    private readonly ValueHandle handle;
    private MemoryHandle pin;
    private long[]? shape;
    private TensorElementType elementType;

    private OrtValue(ValueHandle handle, MemoryHandle pin = default)
    {
        this.handle = handle;
        this.pin = pin;
    }

    internal ValueHandle Handle => handle;

    public TensorElementType ElementType
    {
        get
        {
            if (shape is null) ReadTypeAndShape();
            return elementType;
        }
    }

    /// <summary>The dimensions (a copy).</summary>
    public long[] Shape
    {
        get
        {
            if (shape is null) ReadTypeAndShape();
            return (long[])shape!.Clone();
        }
    }

    /// <summary>Dimension <paramref name="axis"/> without copying the shape.</summary>
    public long Dimension(int axis)
    {
        if (shape is null) ReadTypeAndShape();
        return shape![axis];
    }

    public int Rank
    {
        get
        {
            if (shape is null) ReadTypeAndShape();
            return shape!.Length;
        }
    }

    public long ElementCount
    {
        get
        {
            if (shape is null) ReadTypeAndShape();
            return TensorElementTypes.ElementCount(shape);
        }
    }

    /// <summary>Where the data lives ("Cpu", "Cuda", ...).</summary>
    public string MemoryLocation
    {
        get
        {
            using var lease = handle.Acquire();
            IntPtr info;
            OrtStatus.Check(OrtLibrary.Api.GetTensorMemoryInfo(lease.Pointer, &info));
            return OrtMemoryInfo.Describe(info).Name;
        }
    }

    /// <summary>Wraps managed memory without copying; the memory stays pinned until the value is disposed.</summary>
    public static OrtValue CreateTensor<T>(Memory<T> data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = TensorElementTypes.Of<T>();
        var count = TensorElementTypes.ElementCount(shape);
        if (count != data.Length)
            throw new ModelInputException(null,
                $"The data holds {data.Length} elements but the shape [{string.Join(", ", shape.ToArray())}] needs {count}.");
        var memoryInfo = OrtMemoryInfo.Cpu;
        var pin = data.Pin();
        try
        {
            IntPtr value;
            using (var info = memoryInfo.Handle.Acquire())
            fixed (long* dims = shape)
            {
                OrtStatus.Check(OrtLibrary.Api.CreateTensorWithDataAsOrtValue(info.Pointer, pin.Pointer,
                    (nuint)((long)data.Length * sizeof(T)), dims, (nuint)shape.Length, (int)type, &value));
            }
            return new OrtValue(new ValueHandle(value), pin) { shape = shape.ToArray(), elementType = type };
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>Wraps an array without copying.</summary>
    public static OrtValue CreateTensor<T>(T[] data, params long[] shape) where T : unmanaged
        => CreateTensor(new Memory<T>(data), shape);

    /// <summary>A tensor allocated (uninitialised) by ONNX Runtime in CPU memory.</summary>
    public static OrtValue Allocate(TensorElementType type, ReadOnlySpan<long> shape)
    {
        _ = TensorElementTypes.ElementCount(shape);
        _ = OrtEnvironment.Instance;
        var api = OrtLibrary.Api;
        IntPtr allocator, value;
        OrtStatus.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        fixed (long* dims = shape)
            OrtStatus.Check(api.CreateTensorAsOrtValue(allocator, dims, (nuint)shape.Length, (int)type, &value));
        return new OrtValue(new ValueHandle(value)) { shape = shape.ToArray(), elementType = type };
    }

    public static OrtValue Allocate<T>(params long[] shape) where T : unmanaged
        => Allocate(TensorElementTypes.Of<T>(), shape);

    /// <summary>
    /// Copies this tensor's data into <paramref name="destination"/> (same element type and shape). CPU to CPU is a
    /// plain memory copy; any other pair goes through ONNX Runtime's CopyTensors, which copies between devices whose
    /// execution provider registered a data transfer (providers loaded through ONNX Runtime's plugin EP API).
    /// </summary>
    public void CopyTo(OrtValue destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.ElementType != ElementType || !destination.Shape.AsSpan().SequenceEqual(Shape))
            throw new ModelInputException(null,
                $"Cannot copy a {ElementType}[{string.Join(", ", Shape)}] tensor into a {destination.ElementType}[{string.Join(", ", destination.Shape)}] one.");
        if (IsCpu(MemoryLocation) && IsCpu(destination.MemoryLocation))
        {
            GetTensorBytes().CopyTo(destination.GetTensorBytes());
            return;
        }
        var environment = OrtEnvironment.Instance;
        using var env = environment.Handle.Acquire();
        using var source = handle.Acquire();
        using var target = destination.handle.Acquire();
        var sourcePointer = source.Pointer;
        var targetPointer = target.Pointer;
        OrtStatus.Check(OrtLibrary.Api.CopyTensors(env.Pointer, &sourcePointer, &targetPointer, IntPtr.Zero, 1));
    }

    /// <summary>A copy of this tensor in CPU memory (ORT-allocated).</summary>
    public OrtValue ToCpu()
    {
        var copy = Allocate(ElementType, Shape);
        try
        {
            CopyTo(copy);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Takes ownership of a value ONNX Runtime returned.</summary>
    internal static OrtValue FromNative(IntPtr value) => new(new ValueHandle(value));

    /// <summary>The elements, typed; <typeparamref name="T"/> must match <see cref="ElementType"/>.</summary>
    public Span<T> GetTensorData<T>() where T : unmanaged
    {
        var expected = TensorElementTypes.Of<T>();
        if (expected != ElementType)
            throw new ModelInputException(null, $"The tensor holds {ElementType} elements, not {expected} ({typeof(T).Name}).");
        return new Span<T>(DataPointer(), checked((int)ElementCount));
    }

    /// <summary>The raw bytes of the elements.</summary>
    public Span<byte> GetTensorBytes()
    {
        nuint size;
        using (var lease = handle.Acquire())
            OrtStatus.Check(OrtLibrary.Api.GetTensorSizeInBytes(lease.Pointer, &size));
        return new Span<byte>(DataPointer(), checked((int)size));
    }

    private static bool IsCpu(string location) => location is "Cpu" or "CudaPinned";

    /// <summary>True when the data is in host memory (readable through <see cref="GetTensorData{T}"/>).</summary>
    public bool IsOnCpu => IsCpu(MemoryLocation);

    private void* DataPointer()
    {
        var location = MemoryLocation;
        if (!IsCpu(location))
            throw new InvalidOperationException($"The tensor lives in {location} memory; copy it to the CPU first.");
        if (ElementCount == 0) return null;
        void* data;
        using (var lease = handle.Acquire())
            OrtStatus.Check(OrtLibrary.Api.GetTensorMutableData(lease.Pointer, &data));
        return data;
    }

    private void ReadTypeAndShape()
    {
        IntPtr info;
        using (var lease = handle.Acquire())
            OrtStatus.Check(OrtLibrary.Api.GetTensorTypeAndShape(lease.Pointer, &info));
        using var owner = new TensorTypeAndShapeInfoHandle(info);
        var description = TensorInfo.Read(info);
        elementType = description.ElementType;
        shape = description.Dimensions;
    }

    public void Dispose()
    {
        handle.Dispose();
        pin.Dispose();
        pin = default;
    }
}
