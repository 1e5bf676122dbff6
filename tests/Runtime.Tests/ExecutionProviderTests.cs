namespace Inference.Runtime.Tests;

/// <summary>This machine has the CPU build only: CUDA must fail clearly, or fall back when asked to.</summary>
public sealed class ExecutionProviderTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void CudaWithFailPolicySaysTheProviderLibrariesCouldNotBeLoaded()
    {
        var options = new SessionOptions
        {
            ExecutionProviders = [new CudaExecutionProvider { DeviceId = 0, GpuMemoryLimit = 1L << 30, ArenaExtendStrategy = "kSameAsRequested" }],
            ProviderFallback = ProviderFallbackPolicy.Fail,
        };
        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => InferenceSession.Create(Fixtures.Gpt2, options));
        Assert.Equal("cuda", error.Provider);
        output.WriteLine(error.Message);
        Assert.Contains("CUDA provider libraries", error.Message);
        Assert.Contains("libonnxruntime_providers_cuda.so", error.Message);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
    }

    [Fact]
    public void CudaWithFallbackRunsOnCpuAndSaysSo()
    {
        var options = new SessionOptions
        {
            ExecutionProviders = [new CudaExecutionProvider(), new CpuExecutionProvider()],
            ProviderFallback = ProviderFallbackPolicy.FallbackToCpu,
        };
        using var session = InferenceSession.Create(Fixtures.Gpt2, options);
        Assert.True(session.FellBackToCpu);
        Assert.Equal(["CPUExecutionProvider"], session.ExecutionProviders);
        Assert.Contains("Falling back to CPU", Assert.Single(session.ProviderFallbacks));
        var result = new Gpt2Runner(session).Run([[1, 2, 3]], null, 0);
        Assert.Equal(new long[] { 1, 3, 1000 }, result.LogitsShape);
    }

    [Theory]
    [InlineData("cpu", typeof(CpuExecutionProvider))]
    [InlineData("CUDA", typeof(CudaExecutionProvider))]
    [InlineData("cuda:1", typeof(CudaExecutionProvider))]
    public void ParsesDeviceNames(string device, Type expected)
    {
        var provider = ExecutionProvider.Parse(device);
        Assert.IsType(expected, provider);
        if (device == "cuda:1") Assert.Equal(1, ((CudaExecutionProvider)provider).DeviceId);
        Assert.Throws<ArgumentException>(() => ExecutionProvider.Parse("tpu"));
    }

    [Fact]
    public void CudaProviderOptionsUseOrtKeys()
    {
        var options = new CudaExecutionProvider
        {
            DeviceId = 2, GpuMemoryLimit = 1024, CudnnConvAlgoSearch = "HEURISTIC", CopyInDefaultStream = true,
            AdditionalOptions = new Dictionary<string, string> { ["enable_cuda_graph"] = "0" },
        }.ToProviderOptions();
        Assert.Equal("2", options["device_id"]);
        Assert.Equal("1024", options["gpu_mem_limit"]);
        Assert.Equal("HEURISTIC", options["cudnn_conv_algo_search"]);
        Assert.Equal("1", options["do_copy_in_default_stream"]);
        Assert.Equal("0", options["enable_cuda_graph"]);
    }
}
