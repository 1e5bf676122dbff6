using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Tests.Runtime;

/// <summary>
/// What a static KV cache needs from the layer: tensors over one buffer allocated once, bound as inputs and as
/// preallocated outputs that a run writes in place, and runs through a binding that a token can cancel.
/// </summary>
public sealed class BindingTests
{
    [Fact]
    public void OutputsBoundToBufferViewsAreWrittenInPlaceAndMatchAPlainRun()
    {
        using var session = ErrorTests.Open("runtime/int64_ops.onnx");
        using var ids = RuntimeFixtures.Tensor(new long[] { 1, 2, 3, 4 }, 2, 2);
        using var features = RuntimeFixtures.Tensor(new float[] { -1, 2, -3, 4, -5, 6 }, 2, 3);
        using var flags = RuntimeFixtures.Tensor(new[] { true }, 1);
        using var plain = session.Run(["input_ids", "features", "flags"], [ids, features, flags], ["doubled", "total"], CancellationToken.None);

        // One host buffer: "doubled" [2, 2] at byte 0, "total" [2] right after it.
        using var buffer = TensorBuffer.Allocate(OrtAllocator.DefaultInstance, 64);
        Assert.True(buffer.IsHost);
        using var doubled = buffer.View(TensorElementType.Int64, [2, 2]);
        using var total = buffer.View(TensorElementType.Int64, [2], byteOffset: 32);
        using var binding = session.CreateIoBinding();
        ModelInputs.Check(session, "input_ids", ids);
        binding.BindInput("input_ids", ids);
        binding.BindInput("features", features);
        binding.BindInput("flags", flags);
        binding.BindOutput("doubled", doubled);
        binding.BindOutput("total", total);
        session.RunWithBinding(binding, CancellationToken.None);

        var written = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(buffer.HostBytes).ToArray();
        var expected = plain.SelectMany(v => v.GetTensorDataAsSpan<long>().ToArray()).ToArray();
        Assert.Equal([2L, 4, 6, 8, 3, 7], expected);
        Assert.Equal(expected, written[..6]);
        Assert.Equal(expected[..4], doubled.GetTensorDataAsSpan<long>().ToArray());
    }

    [Fact]
    public void AViewMustFitItsBuffer()
    {
        using var buffer = TensorBuffer.Allocate(OrtAllocator.DefaultInstance, 4 * 2 * 3);
        using (buffer.View(TensorElementType.Float, [2, 3])) { }
        using (buffer.View(TensorElementType.Float, [1, 3], byteOffset: 12)) { }
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.View(TensorElementType.Float, [2, 4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.View(TensorElementType.Float, [2, 3], byteOffset: 4));
        Assert.Throws<ArgumentException>(() => buffer.View(TensorElementType.Float, [2, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorBuffer.Allocate(OrtAllocator.DefaultInstance, 0));
    }

    [Fact]
    public void AnInputAndAnOutputBoundToTheSameBufferIsUpdatedInPlaceStepAfterStep()
    {
        // add_f16: z = x + y. Binding z onto x's own memory accumulates y into the buffer at every run, the way a
        // shared past/present KV buffer is updated in place.
        using var session = ErrorTests.Open("runtime/add_f16.onnx");
        using var buffer = TensorBuffer.Allocate(OrtAllocator.DefaultInstance, 2 * 3);
        buffer.HostBytes.Clear();
        using var state = buffer.View(TensorElementType.Float16, [3]);
        using var step = RuntimeFixtures.Tensor(new[] { (Float16)1f, (Float16)2f, (Float16)0.5f }, 3);
        using var binding = session.CreateIoBinding();
        binding.BindInput("x", state);
        binding.BindInput("y", step);
        binding.BindOutput("z", state);
        binding.BindOutputToDevice("z32", OrtMemoryInfo.DefaultInstance);
        for (var i = 0; i < 3; i++) session.RunWithBinding(binding, CancellationToken.None);
        Assert.Equal([3f, 6f, 1.5f], state.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h));
    }
}
