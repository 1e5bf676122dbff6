namespace Inference.Engine.Runtime;

/// <summary>Which device a session is asked to run on, and what happens when that device's provider cannot be used.</summary>
public sealed class ExecutionProviderOptions
{
    /// <summary>"cpu", "cuda" or "cuda:&lt;id&gt;".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>When the device's provider cannot be added: run on CPU and report why (true), or fail (false).</summary>
    public bool FallbackToCpu { get; set; }

    public CudaProviderOptions Cuda { get; set; } = new();
}
