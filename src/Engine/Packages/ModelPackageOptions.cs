using Inference.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Packages;

/// <summary>How a model folder is opened.</summary>
public sealed class ModelPackageOptions
{
    /// <summary>"cpu", "cuda" or "cuda:&lt;id&gt;".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>With a non-CPU device: run on CPU (true) or fail (false) when the device's provider cannot be added.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>CUDA provider options, used when <see cref="Device"/> is cuda.</summary>
    public CudaProviderOptions Cuda { get; set; } = new();

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin between parallel sections instead of sleeping (its default). A
    /// decode step runs hundreds of small parallel operators, and without spinning each one waits for its threads to
    /// wake (measured side by side: docs/results/engine-bench.txt). Turn it off when other work must share the cores.
    /// </summary>
    public bool AllowSpinning { get; set; } = true;

    /// <summary>The decoder file inside the folder, when neither genai_config.json names it nor model.onnx exists.</summary>
    public string? DecoderFileName { get; set; }

    /// <summary>The model id shown to clients; defaults to the folder name.</summary>
    public string? Id { get; set; }

    internal ExecutionProviderOptions Providers => new() { Device = Device, FallbackToCpu = FallbackToCpu, Cuda = Cuda };

    /// <summary>Applies the thread count and the package's session entries (genai_config's "session.*" options).</summary>
    internal Action<SessionOptions> ConfigureSession(IReadOnlyDictionary<string, string> configEntries) => options =>
    {
        options.IntraOpNumThreads = IntraOpThreads;
        var entries = new Dictionary<string, string> { ["session.intra_op.allow_spinning"] = AllowSpinning ? "1" : "0" };
        foreach (var (key, value) in configEntries)
            if (key.StartsWith("session.", StringComparison.Ordinal)) entries[key] = value;
        foreach (var (key, value) in entries) options.AddSessionConfigEntry(key, value);
    };
}
