using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Runtime;

/// <summary>
/// One block of memory allocated once, on the CPU or on a device, over which tensors of any shape that fits are
/// created without copying: what a static KV cache needs (a [max_rows, kv_heads, max_length, head_size] slot buffer
/// bound as both past and present, or a view of its first rows as the batch shrinks and grows).
/// <list type="bullet">
/// <item>CPU: <c>TensorBuffer.Allocate(OrtAllocator.DefaultInstance, bytes)</c>.</item>
/// <item>CUDA: <c>TensorBuffer.Allocate(new OrtAllocator(session, new OrtMemoryInfo("Cuda", OrtAllocatorType.DeviceAllocator,
/// deviceId, OrtMemType.Default)), bytes)</c> (the session's CUDA allocator; it must outlive the buffer).</item>
/// </list>
/// Views do not own the memory: dispose them before the buffer. The buffer is disposed by its one owner.
/// </summary>
public sealed class TensorBuffer : IDisposable
{
    private readonly OrtMemoryAllocation allocation;

    private TensorBuffer(OrtMemoryAllocation allocation) => this.allocation = allocation;

    public long Bytes => allocation.Size;

    /// <summary>Where the memory lives (ONNX Runtime's memory info: "Cpu", "Cuda", ...).</summary>
    public OrtMemoryInfo Location => allocation.Info;

    public bool IsHost => Location.Name == "Cpu";

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

    /// <summary>A tensor over the buffer from <paramref name="byteOffset"/>; it must fit inside the buffer.</summary>
    public OrtValue View(TensorElementType type, long[] shape, long byteOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var length = ModelInputs.ElementSize(type) * shape.Aggregate(1L, (count, dim) =>
            dim >= 0 ? checked(count * dim) : throw new ArgumentException($"Negative dimension in [{string.Join(", ", shape)}].", nameof(shape)));
        if (byteOffset < 0 || byteOffset + length > Bytes)
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"A {type}[{string.Join(", ", shape)}] view at byte {byteOffset} needs {length} bytes; the buffer has {Bytes}.");
        return OrtValue.CreateTensorValueWithData(Location, type, shape, allocation.DangerousGetHandle() + (nint)byteOffset, length);
    }

    /// <summary>The bytes, for a buffer in host memory.</summary>
    public unsafe Span<byte> HostBytes => IsHost
        ? new Span<byte>((void*)allocation.DangerousGetHandle(), checked((int)Bytes))
        : throw new InvalidOperationException($"The buffer lives in {Location.Name} memory.");

    public void Dispose() => allocation.Dispose();
}
