using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Tests.Runtime;

internal static class RuntimeFixtures
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    public static string Gpt2 => Path("tiny-random-gpt2-fp32/past.onnx");

    /// <summary>True when this test assembly was built with the GPU package (-p:OnnxRuntimeFlavor=Cuda): its library
    /// lists the CUDA provider whether or not CUDA is installed; the CPU package's does not.</summary>
    public static bool GpuPackage => OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider");

    public static OrtValue Tensor<T>(T[] data, params long[] shape) where T : unmanaged => OrtValue.CreateTensorValueFromMemory(data, shape);
}
