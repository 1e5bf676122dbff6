namespace Inference.Engine.Runtime;

/// <summary>A device was asked for whose execution provider cannot be used here, and falling back was not allowed.</summary>
public sealed class ExecutionProviderUnavailableException(ExecutionDevice device, string reason, Exception inner)
    : Exception($"The {device} device cannot be used: {reason}", inner)
{
    public ExecutionDevice Device { get; } = device;

    /// <summary>Why, in ONNX Runtime's words plus what to do about it.</summary>
    public string Reason { get; } = reason;
}
