using Inference.Engine.Runtime;
using Xunit.Abstractions;

namespace Inference.Engine.Tests.Runtime;

/// <summary>
/// No machine here has CUDA. Asking for it must fail with ONNX Runtime's reason, or run on CPU and say why. Built with
/// the CPU package (the default) ONNX Runtime answers that CUDA is not in this build; built with -p:OnnxRuntimeFlavor=Cuda
/// the GPU package loads and its CUDA provider fails to load its CUDA libraries. Each flavour asserts its own reason.
/// </summary>
[Trait("Category", "OnnxRuntimeFlavor")]
public sealed class ExecutionProviderTests(ITestOutputHelper output)
{
    [Fact]
    public void CudaWithoutFallbackFailsWithOnnxRuntimesReason()
    {
        var providers = new ExecutionProviderOptions
        {
            Device = "cuda:0", FallbackToCpu = false,
            Cuda = new CudaProviderOptions { ArenaExtendStrategy = "kSameAsRequested", CudnnConvAlgoSearch = "HEURISTIC", DoCopyInDefaultStream = true },
        };
        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => SessionFactory.Create(RuntimeFixtures.Gpt2, providers));
        output.WriteLine(error.Message);
        Assert.Equal(ExecutionDevice.Parse("cuda"), error.Device);
        AssertFlavoursReason(error.Reason);
        Assert.IsType<OrtException>(error.InnerException);
        Assert.StartsWith("The cuda:0 device cannot be used: ", error.Message);
    }

    [Fact]
    public void CudaWithFallbackRunsOnCpuAndSaysWhy()
    {
        var (session, placement) = SessionFactory.Create(RuntimeFixtures.Gpt2, new ExecutionProviderOptions { Device = "cuda", FallbackToCpu = true });
        using (session)
        {
            output.WriteLine(placement.FallbackReason);
            Assert.True(placement.FellBackToCpu);
            Assert.Equal(ExecutionDevice.Cpu, placement.Device);
            Assert.Equal(ExecutionDevice.Parse("cuda:0"), placement.Requested);
            Assert.Equal(["CPUExecutionProvider"], placement.Providers);
            AssertFlavoursReason(placement.FallbackReason!);
            Assert.Equal(6, session.OutputMetadata.Count); // a working CPU session
        }
    }

    [Fact]
    public void CpuNeedsNoFallback()
    {
        var (session, placement) = SessionFactory.Create(RuntimeFixtures.Gpt2, new ExecutionProviderOptions { Device = "cpu", FallbackToCpu = false });
        session.Dispose();
        Assert.Equal((ExecutionDevice.Cpu, false), (placement.Device, placement.FellBackToCpu));
    }

    [Fact]
    public void AModelThatFailsOnCpuTooReportsItsOwnErrorNotTheProviders()
    {
        var junk = new byte[512];
        new Random(3).NextBytes(junk);
        var error = Assert.Throws<OrtException>(() => SessionFactory.Create(junk, new ExecutionProviderOptions { Device = "cuda", FallbackToCpu = true }));
        Assert.True(error.ErrorCode is OrtErrorCode.InvalidGraph or OrtErrorCode.InvalidProtobuf, error.ErrorCode.ToString());
    }

    [Theory]
    [InlineData("cpu", false, 0)]
    [InlineData("CUDA", true, 0)]
    [InlineData("cuda:1", true, 1)]
    public void ParsesDeviceNames(string device, bool cuda, int id)
    {
        Assert.Equal(new ExecutionDevice(cuda, id), ExecutionDevice.Parse(device));
        Assert.Throws<ArgumentException>(() => ExecutionDevice.Parse("tpu"));
        Assert.Throws<ArgumentException>(() => ExecutionDevice.Parse("cuda:-1"));
    }

    [Fact]
    public void CudaOptionsUseOnnxRuntimesKeysAndAreValidatedByName()
    {
        var options = new CudaProviderOptions
        {
            ArenaExtendStrategy = "kSameAsRequested", CudnnConvAlgoSearch = "HEURISTIC", DoCopyInDefaultStream = false, GpuMemoryLimit = 1L << 30,
        };
        Assert.Equal(new Dictionary<string, string>
        {
            ["device_id"] = "2", ["arena_extend_strategy"] = "kSameAsRequested", ["cudnn_conv_algo_search"] = "HEURISTIC",
            ["do_copy_in_default_stream"] = "0", ["gpu_mem_limit"] = "1073741824",
        }, options.ToProviderOptions(2));
        Assert.Equal(new Dictionary<string, string> { ["device_id"] = "0" }, new CudaProviderOptions().ToProviderOptions(0));
        Assert.Empty(options.Validate());
        var bad = new CudaProviderOptions { ArenaExtendStrategy = "grow", CudnnConvAlgoSearch = "fast", GpuMemoryLimit = 0 }.Validate().ToArray();
        Assert.Equal(3, bad.Length);
        Assert.Contains(bad, e => e.StartsWith("Models:Cuda:ArenaExtendStrategy must be kNextPowerOfTwo or kSameAsRequested", StringComparison.Ordinal));
    }

    private static void AssertFlavoursReason(string reason)
    {
        if (RuntimeFixtures.GpuPackage)
        {
            // This machine has no CUDA libraries: the provider library's own dependencies fail to load.
            Assert.Contains("Failed to load library", reason);
            Assert.Contains("libonnxruntime_providers_cuda.so", reason);
            Assert.DoesNotContain("onnxruntime_src", reason);
            Assert.Contains("CUDA 13 and cuDNN 9", reason);
        }
        else
        {
            Assert.Contains("CUDA execution provider is not enabled in this build", reason);
            Assert.Contains("-p:OnnxRuntimeFlavor=Cuda", reason);
        }
    }
}
