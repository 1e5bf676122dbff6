namespace Inference.Runtime;

/// <summary>How an <see cref="InferenceSession"/> is created. A plain options object, bindable from configuration.</summary>
public sealed class SessionOptions
{
    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads used across operators in parallel execution mode; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; set; }

    public ExecutionMode ExecutionMode { get; set; } = ExecutionMode.Sequential;

    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.All;

    /// <summary>Where to save the optimized graph (a cache for the next start); null saves nothing.</summary>
    public string? OptimizedModelPath { get; set; }

    /// <summary>Session configuration entries (AddSessionConfigEntry), e.g. "session.intra_op.allow_spinning" = "0".</summary>
    public Dictionary<string, string> ConfigEntries { get; set; } = new();

    /// <summary>Providers in priority order; CPU is always available after them. Empty means CPU only.</summary>
    public List<ExecutionProvider> ExecutionProviders { get; set; } = new();

    public ProviderFallbackPolicy ProviderFallback { get; set; } = ProviderFallbackPolicy.Fail;

    /// <summary>Minimum severity of this session's ONNX Runtime log messages.</summary>
    public OrtLoggingLevel LogLevel { get; set; } = OrtLoggingLevel.Warning;
}
