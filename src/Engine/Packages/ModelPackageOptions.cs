using Inference.Runtime;

namespace Inference.Engine.Packages;

/// <summary>How a model folder is opened.</summary>
public sealed class ModelPackageOptions
{
    /// <summary>"cpu", "cuda" or "cuda:&lt;id&gt;".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>With a non-CPU device: run on CPU (true) or fail (false) when the device's provider cannot be added.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>The decoder file inside the folder, when neither genai_config.json names it nor model.onnx exists.</summary>
    public string? DecoderFileName { get; set; }

    /// <summary>The model id shown to clients; defaults to the folder name.</summary>
    public string? Id { get; set; }

    internal SessionOptions ToSessionOptions(IReadOnlyDictionary<string, string> configEntries)
    {
        var options = new SessionOptions
        {
            IntraOpThreads = IntraOpThreads,
            ProviderFallback = FallbackToCpu ? ProviderFallbackPolicy.FallbackToCpu : ProviderFallbackPolicy.Fail,
            // Spinning threads burn the cores a batching server needs for its other work.
            ConfigEntries = new Dictionary<string, string> { ["session.intra_op.allow_spinning"] = "0" },
        };
        foreach (var (key, value) in configEntries)
            if (key.StartsWith("session.", StringComparison.Ordinal)) options.ConfigEntries[key] = value;
        var provider = ExecutionProvider.Parse(Device);
        if (provider is not CpuExecutionProvider) options.ExecutionProviders.Add(provider);
        return options;
    }
}
