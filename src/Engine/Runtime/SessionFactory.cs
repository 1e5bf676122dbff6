using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Runtime;

/// <summary>
/// Opens an <see cref="InferenceSession"/> on the device asked for, falling back to CPU (and saying why) when that
/// device's execution provider cannot be used and <see cref="ExecutionProviderOptions.FallbackToCpu"/> allows it.
/// ONNX Runtime's errors come out as <see cref="OrtException"/> with their error code. The caller owns the session.
/// </summary>
public static class SessionFactory
{
    private const string Cpu = "CPUExecutionProvider";
    private const string Cuda = "CUDAExecutionProvider";
    private static readonly Regex SourceLocation = new(@"\[ONNXRuntimeError\] : \d+ : \w+ : (.*)$", RegexOptions.Singleline);

    public static (InferenceSession Session, ExecutionPlacement Placement) Create(
        string modelPath, ExecutionProviderOptions? providers = null, Action<SessionOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var path = Path.GetFullPath(modelPath);
        return Create(providers ?? new ExecutionProviderOptions(), configure, options => new InferenceSession(path, options));
    }

    public static (InferenceSession Session, ExecutionPlacement Placement) Create(
        byte[] model, ExecutionProviderOptions? providers = null, Action<SessionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0) throw new ArgumentException("The model bytes are empty.", nameof(model));
        return Create(providers ?? new ExecutionProviderOptions(), configure, options => new InferenceSession(model, options));
    }

    private static (InferenceSession, ExecutionPlacement) Create(
        ExecutionProviderOptions providers, Action<SessionOptions>? configure, Func<SessionOptions, InferenceSession> open)
    {
        var requested = ExecutionDevice.Parse(providers.Device);
        if (!requested.IsCuda) return (Open(open, configure, null), new ExecutionPlacement(requested, requested, [Cpu], null));

        OrtException failure;
        try
        {
            var cudaOptions = providers.Cuda.ToProviderOptions(requested.DeviceId);
            return (Open(open, configure, options => AppendCuda(options, cudaOptions)),
                new ExecutionPlacement(requested, requested, [Cuda, Cpu], null));
        }
        catch (OrtException ex)
        {
            failure = ex;
        }

        // The provider failed to load (the usual case: missing CUDA libraries), or the model failed on it. A CPU session
        // that opens proves the first; a CPU failure is the model's own problem and is what the caller sees.
        var cpu = Open(open, configure, null);
        var reason = Explain(failure);
        if (providers.FallbackToCpu) return (cpu, new ExecutionPlacement(requested, ExecutionDevice.Cpu, [Cpu], reason));
        cpu.Dispose();
        throw new ExecutionProviderUnavailableException(requested, reason, failure);
    }

    private static InferenceSession Open(Func<SessionOptions, InferenceSession> open, Action<SessionOptions>? configure,
        Action<SessionOptions>? addProviders)
    {
        try
        {
            using var options = new SessionOptions();
            configure?.Invoke(options);
            addProviders?.Invoke(options);
            return open(options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw OrtException.From(ex);
        }
    }

    private static void AppendCuda(SessionOptions options, Dictionary<string, string> cudaOptions)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(cudaOptions);
        options.AppendExecutionProvider_CUDA(cuda);
    }

    /// <summary>ONNX Runtime's reason, with what to do about it for the two failures every CPU-only machine shows.</summary>
    private static string Explain(OrtException failure)
    {
        // Provider errors carry ONNX Runtime's source location first: "/onnxruntime_src/...cc:2059 ... [ONNXRuntimeError] : 1 : FAIL : <reason>".
        var located = SourceLocation.Match(failure.OrtMessage);
        var message = (located.Success ? located.Groups[1].Value : failure.OrtMessage).Trim().TrimEnd('.');
        if (message.Contains("not enabled in this build", StringComparison.OrdinalIgnoreCase))
            return $"{message} (this build carries the CPU package Microsoft.ML.OnnxRuntime; build with -p:OnnxRuntimeFlavor=Cuda for CUDA).";
        if (message.Contains("Failed to load", StringComparison.OrdinalIgnoreCase))
            return $"{message} (the CUDA provider of ONNX Runtime 1.32 needs CUDA 13 and cuDNN 9 on the library path: " +
                   "libcudart.so.13, libcublasLt.so.13, libcublas.so.13, libcurand.so.10, libcudnn.so.9 and the driver's libcuda.so.1).";
        return message + ".";
    }
}
