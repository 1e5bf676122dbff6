using Microsoft.Extensions.Logging;

namespace Inference.Runtime;

/// <summary>How the process-wide ONNX Runtime environment is created.</summary>
public sealed class OrtEnvironmentOptions
{
    /// <summary>A file or directory holding the native library; null uses ONNXRUNTIME_LIB_DIR, then the app folder.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>The least severe ONNX Runtime log message passed on.</summary>
    public OrtLoggingLevel LogLevel { get; set; } = OrtLoggingLevel.Warning;

    /// <summary>Where ONNX Runtime's log goes (category "OnnxRuntime"); null discards it.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    public string LogId { get; set; } = "inference";
}
