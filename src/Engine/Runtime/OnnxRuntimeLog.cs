using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Runtime;

/// <summary>
/// ONNX Runtime writes its own warnings and errors straight to stderr in its own format unless its process-wide
/// environment is created with a logging function. Routing them through <see cref="ILogger"/> (category
/// <see cref="Category"/>) keeps one log format, lets hosts filter them with <c>Logging:LogLevel:OnnxRuntime</c>,
/// and keeps stderr for the host's own one-line errors. ONNX Runtime's threshold follows the logger's: Info maps to
/// Debug and Verbose to Trace, so the usual Information default lets warnings and errors through.
/// </summary>
public static class OnnxRuntimeLog
{
    public const string Category = "OnnxRuntime";

    private static readonly Lock Gate = new();
    private static readonly DOrtLoggingFunction Sink = Write; // held here: native code calls it for the process's life
    private static ILogger? target;

    /// <summary>
    /// Creates ONNX Runtime's environment with the logging function. Call it before the first session opens; once the
    /// environment exists its logging cannot change, and this returns whether it is ours.
    /// </summary>
    public static bool RouteTo(ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        lock (Gate)
        {
            if (target is not null) return true;
            if (OrtEnv.IsCreated) return false;
            var logger = loggers.CreateLogger(Category);
            var options = new EnvironmentCreationOptions
            {
                logId = "inference",
                logLevel = Threshold(logger),
                loggingFunction = Sink,
            };
            target = logger;
            OrtEnv.CreateInstanceWithOptions(ref options);
            return true;
        }
    }

    internal static LogLevel ToLogLevel(OrtLoggingLevel severity) => severity switch
    {
        OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => LogLevel.Trace,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Debug,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    private static OrtLoggingLevel Threshold(ILogger logger)
    {
        foreach (var level in new[]
                 {
                     OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE, OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO,
                     OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                 })
        {
            if (logger.IsEnabled(ToLogLevel(level))) return level;
        }
        return OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
    }

    private static void Write(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        var logger = target;
        if (logger is null) return;
        try
        {
            logger.Log(ToLogLevel(severity), "{Message} ({CodeLocation})", message, codeLocation);
        }
        catch
        {
            // Native code called us: an exception thrown back into it would end the process.
        }
    }
}
