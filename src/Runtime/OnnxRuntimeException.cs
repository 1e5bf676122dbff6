namespace Inference.Runtime;

/// <summary>An error reported by ONNX Runtime, with its error code and its own message.</summary>
public class OnnxRuntimeException(OrtErrorCode errorCode, string message)
    : Exception($"[ONNX Runtime {errorCode}] {message}")
{
    public OrtErrorCode ErrorCode { get; } = errorCode;

    /// <summary>The message exactly as ONNX Runtime wrote it.</summary>
    public string OrtMessage { get; } = message;
}

/// <summary>The native library could not be found or is not ONNX Runtime.</summary>
public sealed class OnnxRuntimeNotFoundException(string message) : Exception(message);

/// <summary>The native library does not provide the API version this binding was written for.</summary>
public sealed class OnnxRuntimeVersionException(string message) : Exception(message);

/// <summary>An execution provider was requested but could not be added (and the policy said to fail).</summary>
public sealed class ExecutionProviderUnavailableException(string provider, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Provider { get; } = provider;
}

/// <summary>An input or output given to a session does not match the model (name, element type or shape).</summary>
public sealed class ModelInputException(string? name, string message) : ArgumentException(message)
{
    /// <summary>The input or output the problem is about, when there is one.</summary>
    public string? ValueName { get; } = name;
}
