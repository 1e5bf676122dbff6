using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Tests.Runtime;

/// <summary>The native library comes from the official NuGet package of the build's flavour, at the version pinned.</summary>
[Trait("Category", "OnnxRuntimeFlavor")]
public sealed class OfficialPackageTests
{
    [Fact]
    public void TheLoadedLibraryIsOnnxRuntime132OfTheBuildsFlavour()
    {
        Assert.Equal("1.32.0", OrtEnv.Instance().GetVersionString());
        Assert.Contains("CPUExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
        var folder = AppContext.BaseDirectory;
        Assert.True(File.Exists(Path.Combine(folder, "libonnxruntime.so")), "the host's native library sits next to the tests");
        // Only the GPU package ships the CUDA provider library; the two flavours never share an output folder.
        Assert.Equal(RuntimeFixtures.GpuPackage, File.Exists(Path.Combine(folder, "libonnxruntime_providers_cuda.so")));
        Assert.False(Directory.Exists(Path.Combine(folder, "runtimes")), "no other platform's native libraries are copied");
        Assert.False(File.Exists(Path.Combine(folder, "onnxruntime.dll")), "the Windows library is not copied");
    }

    [Fact]
    public void Float16InputsAndOutputs()
    {
        var (session, _) = SessionFactory.Create(RuntimeFixtures.Path("runtime/add_f16.onnx"));
        using (session)
        {
            using var x = RuntimeFixtures.Tensor(new[] { (Float16)1.5f, (Float16)(-2f), (Float16)0.5f }, 3);
            using var y = RuntimeFixtures.Tensor(new[] { (Float16)0.5f, (Float16)4f, (Float16)1000f }, 3);
            using var results = session.Run(["x", "y"], [x, y], ["z", "z32"], CancellationToken.None);
            var outputs = results.ToArray();
            Assert.Equal(TensorElementType.Float16, outputs[0].GetTensorTypeAndShape().ElementDataType);
            Assert.Equal([2f, 2f, 1000.5f], outputs[0].GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h));
            Assert.Equal([2f, 2f, 1000.5f], outputs[1].GetTensorDataAsSpan<float>().ToArray());
        }
    }

    [Fact]
    public void BFloat16OutputIsTheRoundedUpperHalfOfTheFloat()
    {
        var (session, _) = SessionFactory.Create(RuntimeFixtures.Path("runtime/bf16_roundtrip.onnx"));
        using (session)
        {
            float[] values = [1f, 3.14159f, -1234.567f, 1e-3f, 65504f];
            using var input = RuntimeFixtures.Tensor(values, values.Length);
            using var results = session.Run(["x"], [input], ["x_bf16", "y"], CancellationToken.None);
            var outputs = results.ToArray();
            var bits = outputs[0].GetTensorDataAsSpan<BFloat16>().ToArray().Select(b => b.value).ToArray();
            // Round to nearest even on the dropped 16 bits; widening back is exact (the bits become the float's upper half).
            Assert.Equal(values.Select(RoundToBFloat16), bits);
            Assert.Equal(bits.Select(b => BitConverter.UInt32BitsToSingle((uint)b << 16)), outputs[1].GetTensorDataAsSpan<float>().ToArray());
        }
    }

    [Fact]
    public void IntegerFloatAndBoolTensorsOverPinnedArrays()
    {
        var (session, _) = SessionFactory.Create(RuntimeFixtures.Path("runtime/int64_ops.onnx"));
        using (session)
        {
            var idData = new long[] { 1, 2, 3, 10_000_000_000, 5, 6 };
            using var ids = RuntimeFixtures.Tensor(idData, 2, 3);
            idData[5] = 7; // the tensor wraps the array, no copy
            using var features = RuntimeFixtures.Tensor(new float[] { -1, 2, -3, 4, -5, 6 }, 2, 3);
            using var flags = RuntimeFixtures.Tensor(new[] { true, false, true }, 3);
            using var results = session.Run(["input_ids", "features", "flags"], [ids, features, flags],
                ["doubled", "total", "relu", "not_flags"], CancellationToken.None);
            var o = results.ToArray();
            Assert.Equal([2L, 4, 6, 20_000_000_000, 10, 14], o[0].GetTensorDataAsSpan<long>().ToArray());
            Assert.Equal([6L, 10_000_000_012], o[1].GetTensorDataAsSpan<long>().ToArray());
            Assert.Equal([0f, 2, 0, 4, 0, 6], o[2].GetTensorDataAsSpan<float>().ToArray());
            Assert.Equal([false, true, false], o[3].GetTensorDataAsSpan<bool>().ToArray());
        }
    }

    private static ushort RoundToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16);
    }
}
