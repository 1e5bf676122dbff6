namespace Inference.Runtime.Tests;

public sealed class TensorTypeTests
{
    [Fact]
    public void Float16InputsAndOutputs()
    {
        using var session = InferenceSession.Create(Fixtures.Path("runtime/add_f16.onnx"));
        Half[] x = [(Half)1.5f, (Half)(-2f), (Half)0.5f];
        Half[] y = [(Half)0.5f, (Half)4f, (Half)1000f];
        using var xv = OrtValue.CreateTensor(x, 3);
        using var yv = OrtValue.CreateTensor(y, 3);
        using var results = session.Run(new Dictionary<string, OrtValue> { ["x"] = xv, ["y"] = yv });
        Assert.Equal(TensorElementType.Float16, results["z"].ElementType);
        Assert.Equal([(Half)2f, (Half)2f, (Half)1000.5f], results["z"].GetTensorData<Half>().ToArray());
        Assert.Equal([2f, 2f, 1000.5f], results["z32"].GetTensorData<float>().ToArray());
    }

    [Fact]
    public void Int64FloatAndBoolInputs()
    {
        using var session = InferenceSession.Create(Fixtures.Path("runtime/int64_ops.onnx"));
        using var ids = OrtValue.CreateTensor(new long[] { 1, 2, 3, 10_000_000_000, 5, 6 }, 2, 3);
        using var features = OrtValue.CreateTensor(new float[] { -1, 2, -3, 4, -5, 6 }, 2, 3);
        using var flags = OrtValue.CreateTensor(new[] { true, false, true }, 3);
        using var results = session.Run(new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["features"] = features, ["flags"] = flags });
        Assert.Equal([2L, 4, 6, 20_000_000_000, 10, 12], results["doubled"].GetTensorData<long>().ToArray());
        Assert.Equal([6L, 10_000_000_011], results["total"].GetTensorData<long>().ToArray());
        Assert.Equal([0f, 2, 0, 4, 0, 6], results["relu"].GetTensorData<float>().ToArray());
        Assert.Equal([false, true, false], results["not_flags"].GetTensorData<bool>().ToArray());
        Assert.Equal(new long[] { 2, 3 }, results["doubled"].Shape);
    }

    [Fact]
    public void BFloat16OutputMatchesTheManagedConversion()
    {
        using var session = InferenceSession.Create(Fixtures.Path("runtime/bf16_roundtrip.onnx"));
        float[] x = [1f, 3.14159f, -1234.567f, 1e-3f, 65504f];
        using var xv = OrtValue.CreateTensor(x, x.Length);
        using var results = session.Run(new Dictionary<string, OrtValue> { ["x"] = xv });
        var bf16 = results["x_bf16"].GetTensorData<BFloat16>().ToArray();
        Assert.Equal(x.Select(v => (BFloat16)v).ToArray(), bf16);
        Assert.Equal(bf16.Select(v => (float)v).ToArray(), results["y"].GetTensorData<float>().ToArray());
    }

    [Fact]
    public void ManagedMemoryIsWrappedWithoutCopying()
    {
        var data = new int[] { 1, 2, 3, 4 };
        using var value = OrtValue.CreateTensor(data, 2, 2);
        data[3] = 40;
        Assert.Equal(40, value.GetTensorData<int>()[3]);
        value.GetTensorData<int>()[0] = 10;
        Assert.Equal(10, data[0]);
    }

    [Fact]
    public void OrtAllocatedTensorsCanBeWrittenAndRead()
    {
        using var value = OrtValue.Allocate<long>(2, 0, 3);
        Assert.Equal(0, value.ElementCount);
        Assert.Equal(0, value.GetTensorData<long>().Length);
        using var filled = OrtValue.Allocate(TensorElementType.Float16, [4]);
        filled.GetTensorData<Half>().Fill((Half)0.5f);
        Assert.All(filled.GetTensorData<Half>().ToArray(), h => Assert.Equal((Half)0.5f, h));
        Assert.Equal(8, filled.GetTensorBytes().Length);
        Assert.Equal("Cpu", filled.MemoryLocation);
    }

    [Fact]
    public void ShapeAndTypeMistakesAreTypedErrors()
    {
        var tooShort = Assert.Throws<ModelInputException>(() => OrtValue.CreateTensor(new float[5], 2, 3));
        Assert.Contains("needs 6", tooShort.Message);
        using var value = OrtValue.CreateTensor(new float[6], 2, 3);
        var wrongType = Assert.Throws<ModelInputException>(() => value.GetTensorData<long>());
        Assert.Contains("Float", wrongType.Message);
        Assert.Throws<ArgumentException>(() => OrtValue.Allocate<float>(2, -1));
    }
}

public sealed class TensorCopyTests
{
    [Fact]
    public void CopyToAndToCpuCopyDataBetweenTensors()
    {
        using var source = OrtValue.CreateTensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var target = OrtValue.Allocate<float>(2, 3);
        source.CopyTo(target);
        Assert.Equal([1f, 2, 3, 4, 5, 6], target.GetTensorData<float>().ToArray());
        using var copy = source.ToCpu();
        source.GetTensorData<float>()[0] = 100;
        Assert.Equal(1f, copy.GetTensorData<float>()[0]);
        using var wrongShape = OrtValue.Allocate<float>(3, 2);
        Assert.Throws<ModelInputException>(() => source.CopyTo(wrongShape));
    }
}
