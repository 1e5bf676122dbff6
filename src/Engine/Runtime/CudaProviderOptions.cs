using System.Globalization;

namespace Inference.Engine.Runtime;

/// <summary>
/// The CUDA execution provider's options that matter when decoding language models (configuration section
/// <c>Models:Cuda</c>); unset ones keep ONNX Runtime's defaults. The device id comes from the device ("cuda:1").
/// </summary>
public sealed class CudaProviderOptions
{
    public static readonly string[] ArenaExtendStrategies = ["kNextPowerOfTwo", "kSameAsRequested"];
    public static readonly string[] ConvAlgoSearches = ["EXHAUSTIVE", "HEURISTIC", "DEFAULT"];

    /// <summary>arena_extend_strategy: kNextPowerOfTwo (ORT's default) or kSameAsRequested, which grows the arena only
    /// by what is asked for, so a KV cache sized to the GPU does not double on its last extension.</summary>
    public string? ArenaExtendStrategy { get; set; }

    /// <summary>cudnn_conv_algo_search: EXHAUSTIVE (ORT's default), HEURISTIC or DEFAULT.</summary>
    public string? CudnnConvAlgoSearch { get; set; }

    /// <summary>do_copy_in_default_stream (ORT's default true): copies run on the compute stream.</summary>
    public bool? DoCopyInDefaultStream { get; set; }

    /// <summary>gpu_mem_limit in bytes: the most the provider's arena may take.</summary>
    public long? GpuMemoryLimit { get; set; }

    /// <summary>Problems with the values, each naming its key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section = "Models:Cuda")
    {
        if (ArenaExtendStrategy is { } arena && !ArenaExtendStrategies.Contains(arena))
            yield return $"{section}:ArenaExtendStrategy must be {string.Join(" or ", ArenaExtendStrategies)}; got '{arena}'.";
        if (CudnnConvAlgoSearch is { } search && !ConvAlgoSearches.Contains(search))
            yield return $"{section}:CudnnConvAlgoSearch must be {string.Join(", ", ConvAlgoSearches)}; got '{search}'.";
        if (GpuMemoryLimit is <= 0)
            yield return $"{section}:GpuMemoryLimit must be a positive number of bytes; got {GpuMemoryLimit}.";
    }

    /// <summary>The key/value pairs ONNX Runtime's CUDA provider takes (OrtCUDAProviderOptions.UpdateOptions).</summary>
    public Dictionary<string, string> ToProviderOptions(int deviceId)
    {
        var options = new Dictionary<string, string> { ["device_id"] = deviceId.ToString(CultureInfo.InvariantCulture) };
        if (ArenaExtendStrategy is { } arena) options["arena_extend_strategy"] = arena;
        if (CudnnConvAlgoSearch is { } search) options["cudnn_conv_algo_search"] = search;
        if (DoCopyInDefaultStream is { } copy) options["do_copy_in_default_stream"] = copy ? "1" : "0";
        if (GpuMemoryLimit is { } limit) options["gpu_mem_limit"] = limit.ToString(CultureInfo.InvariantCulture);
        return options;
    }
}
