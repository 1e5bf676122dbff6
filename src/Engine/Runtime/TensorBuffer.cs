using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Runtime;

/// <summary>
/// One block of memory allocated once, on the CPU or on a device, over which tensors of any shape that fits are
/// created without copying: what a static KV cache needs (a [max_rows, kv_heads, max_length, head_size] slot buffer
/// bound as both past and present, or a view of its first rows as the batch shrinks and grows).
/// <list type="bullet">
/// <item>CPU: <see cref="AllocateHost"/> (zeroed, any size; the operating system commits pages as they are first
/// touched), or <c>TensorBuffer.Allocate(OrtAllocator.DefaultInstance, bytes)</c>.</item>
/// <item>CUDA: <c>TensorBuffer.Allocate(new OrtAllocator(session, new OrtMemoryInfo("Cuda", OrtAllocatorType.DeviceAllocator,
/// deviceId, OrtMemType.Default)), bytes)</c> (the session's CUDA allocator; it must outlive the buffer).</item>
/// </list>
/// Views do not own the memory: dispose them before the buffer. The buffer is disposed by its one owner.
/// </summary>
public sealed unsafe class TensorBuffer : IDisposable
{
    private readonly OrtMemoryAllocation? allocation;
    private void* host;

    private TensorBuffer(OrtMemoryAllocation allocation)
    {
        this.allocation = allocation;
        Bytes = allocation.Size;
        Location = allocation.Info;
    }

    private TensorBuffer(void* host, long bytes)
    {
        this.host = host;
        Bytes = bytes;
        Location = OrtMemoryInfo.DefaultInstance;
    }

    public long Bytes { get; }

    /// <summary>Where the memory lives (ONNX Runtime's memory info: "Cpu", "Cuda", ...).</summary>
    public OrtMemoryInfo Location { get; }

    public bool IsHost => Location.Name == "Cpu";

    private nint Address => allocation is not null ? allocation.DangerousGetHandle()
        : host is not null ? (nint)host : throw new ObjectDisposedException(nameof(TensorBuffer));

    public static TensorBuffer Allocate(OrtAllocator allocator, long bytes)
    {
        ArgumentNullException.ThrowIfNull(allocator);
        if (bytes is <= 0 or > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A buffer holds 1 byte to 4 GiB.");
        try
        {
            return new TensorBuffer(allocator.Allocate((uint)bytes));
        }
        catch (OnnxRuntimeException ex)
        {
            throw OrtException.From(ex);
        }
    }

    /// <summary>
    /// Zeroed host memory of any size (calloc: large blocks come from the operating system as zero pages that become
    /// resident only when written). Throws <see cref="OutOfMemoryException"/> when the system refuses the reservation.
    /// </summary>
    public static TensorBuffer AllocateHost(long bytes)
    {
        if (bytes <= 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A buffer holds at least 1 byte.");
        return new TensorBuffer(NativeMemory.AllocZeroed((nuint)bytes), bytes);
    }

    /// <summary>A tensor over the buffer from <paramref name="byteOffset"/>; it must fit inside the buffer.</summary>
    public OrtValue View(TensorElementType type, long[] shape, long byteOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var length = ModelInputs.ElementSize(type) * shape.Aggregate(1L, (count, dim) =>
            dim >= 0 ? checked(count * dim) : throw new ArgumentException($"Negative dimension in [{string.Join(", ", shape)}].", nameof(shape)));
        if (byteOffset < 0 || byteOffset + length > Bytes)
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"A {type}[{string.Join(", ", shape)}] view at byte {byteOffset} needs {length} bytes; the buffer has {Bytes}.");
        return OrtValue.CreateTensorValueWithData(Location, type, shape, Address + (nint)byteOffset, length);
    }

    /// <summary>The bytes, for a buffer in host memory of at most 2 GiB (<see cref="HostSlice"/> reaches any part of a larger one).</summary>
    public Span<byte> HostBytes => HostSlice(0, checked((int)Bytes));

    /// <summary><paramref name="length"/> bytes from <paramref name="byteOffset"/>, for a buffer in host memory.</summary>
    public Span<byte> HostSlice(long byteOffset, int length)
    {
        if (!IsHost) throw new InvalidOperationException($"The buffer lives in {Location.Name} memory.");
        if (byteOffset < 0 || length < 0 || byteOffset + length > Bytes)
            throw new ArgumentOutOfRangeException(nameof(byteOffset), $"Bytes [{byteOffset}, {byteOffset + length}) are outside the buffer of {Bytes}.");
        return new Span<byte>((void*)(Address + (nint)byteOffset), length);
    }

    public void Dispose()
    {
        allocation?.Dispose();
        if (host is null) return;
        NativeMemory.Free(host);
        host = null;
    }
}
