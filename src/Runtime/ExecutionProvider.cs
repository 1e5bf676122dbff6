using System.Globalization;

namespace Inference.Runtime;

/// <summary>An execution provider to try, in the priority order of <see cref="SessionOptions.ExecutionProviders"/>.</summary>
public abstract record ExecutionProvider
{
    /// <summary>ONNX Runtime's name for the provider, e.g. "CUDAExecutionProvider".</summary>
    public abstract string OrtName { get; }

    /// <summary>The short name used in configuration: "cpu", "cuda".</summary>
    public abstract string ShortName { get; }

    /// <summary>Parses "cpu" or "cuda" / "cuda:1" (device id).</summary>
    public static ExecutionProvider Parse(string device)
    {
        var text = device.Trim().ToLowerInvariant();
        if (text == "cpu") return new CpuExecutionProvider();
        if (text == "cuda") return new CudaExecutionProvider();
        if (text.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return new CudaExecutionProvider { DeviceId = id };
        throw new ArgumentException($"Unknown device '{device}': expected 'cpu', 'cuda' or 'cuda:<id>'.", nameof(device));
    }
}

/// <summary>The default CPU provider; always present as the last resort.</summary>
public sealed record CpuExecutionProvider : ExecutionProvider
{
    public override string OrtName => "CPUExecutionProvider";

    public override string ShortName => "cpu";
}

/// <summary>
/// The CUDA provider. Needs a GPU build of ONNX Runtime: libonnxruntime_providers_cuda.so and
/// libonnxruntime_providers_shared.so next to the loaded libonnxruntime.so, plus CUDA/cuDNN on the machine.
/// </summary>
public sealed record CudaExecutionProvider : ExecutionProvider
{
    public override string OrtName => "CUDAExecutionProvider";

    public override string ShortName => "cuda";

    public int DeviceId { get; init; }

    /// <summary>Bytes the CUDA arena may use (gpu_mem_limit).</summary>
    public long? GpuMemoryLimit { get; init; }

    /// <summary>"kNextPowerOfTwo" or "kSameAsRequested" (arena_extend_strategy).</summary>
    public string? ArenaExtendStrategy { get; init; }

    /// <summary>"EXHAUSTIVE", "HEURISTIC" or "DEFAULT" (cudnn_conv_algo_search).</summary>
    public string? CudnnConvAlgoSearch { get; init; }

    /// <summary>do_copy_in_default_stream.</summary>
    public bool? CopyInDefaultStream { get; init; }

    /// <summary>Any other CUDA provider option by its ONNX Runtime key; wins over the typed properties.</summary>
    public IReadOnlyDictionary<string, string> AdditionalOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>The key/value pairs passed to UpdateCUDAProviderOptions.</summary>
    public IReadOnlyDictionary<string, string> ToProviderOptions()
    {
        var options = new Dictionary<string, string> { ["device_id"] = DeviceId.ToString(CultureInfo.InvariantCulture) };
        if (GpuMemoryLimit is { } limit) options["gpu_mem_limit"] = limit.ToString(CultureInfo.InvariantCulture);
        if (ArenaExtendStrategy is { } arena) options["arena_extend_strategy"] = arena;
        if (CudnnConvAlgoSearch is { } search) options["cudnn_conv_algo_search"] = search;
        if (CopyInDefaultStream is { } copy) options["do_copy_in_default_stream"] = copy ? "1" : "0";
        foreach (var (key, value) in AdditionalOptions) options[key] = value;
        return options;
    }
}

/// <summary>What a session does when a requested provider cannot be added.</summary>
public enum ProviderFallbackPolicy
{
    /// <summary>Throw <see cref="ExecutionProviderUnavailableException"/>.</summary>
    Fail,

    /// <summary>Skip the provider and run on CPU; <see cref="InferenceSession.ProviderFallbacks"/> says why.</summary>
    FallbackToCpu,
}
