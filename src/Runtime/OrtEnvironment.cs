using System.Runtime.InteropServices;
using Inference.Runtime.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inference.Runtime;

/// <summary>
/// The ONNX Runtime environment: one per process (ONNX Runtime allows a single <c>OrtEnv</c>), created by the first
/// <see cref="Initialize"/> or <see cref="Instance"/> call and kept for the life of the process. Its log is routed to
/// Microsoft.Extensions.Logging.
/// </summary>
public sealed unsafe class OrtEnvironment
{
    private static readonly object Gate = new();
    private static OrtEnvironment? instance;
    private static ILogger logger = NullLogger.Instance;

    private OrtEnvironment(EnvHandle handle, string libraryPath, string version)
    {
        Handle = handle;
        LibraryPath = libraryPath;
        Version = version;
    }

    internal EnvHandle Handle { get; }

    /// <summary>The file the native library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>The native library's version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>The environment, created with default options if nobody initialised it.</summary>
    public static OrtEnvironment Instance
    {
        get
        {
            var current = Volatile.Read(ref instance);
            return current ?? Initialize(new OrtEnvironmentOptions());
        }
    }

    /// <summary>Creates the environment, or returns the existing one if its library matches.</summary>
    public static OrtEnvironment Initialize(OrtEnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (Gate)
        {
            var api = OrtLibrary.Load(options.LibraryPath);
            if (instance is not null) return instance;

            logger = options.LoggerFactory?.CreateLogger("OnnxRuntime") ?? NullLogger.Instance;
            IntPtr env;
            var logId = Marshal.StringToCoTaskMemUTF8(options.LogId);
            try
            {
                OrtStatus.Check(api.CreateEnvWithCustomLogger(
                    (IntPtr)(delegate* unmanaged<IntPtr, int, byte*, byte*, byte*, byte*, void>)&OnLog,
                    IntPtr.Zero, (int)options.LogLevel, (byte*)logId, &env));
            }
            finally
            {
                Marshal.FreeCoTaskMem(logId);
            }
            var handle = new EnvHandle(env);
            OrtStatus.Check(api.DisableTelemetryEvents(env));
            instance = new OrtEnvironment(handle, OrtLibrary.LoadedFrom, OrtLibrary.VersionString);
            return instance;
        }
    }

    /// <summary>The execution providers compiled into the loaded library (not necessarily loadable here).</summary>
    public IReadOnlyList<string> GetAvailableProviders()
    {
        var api = OrtLibrary.Api;
        byte** names;
        int count;
        OrtStatus.Check(api.GetAvailableProviders(&names, &count));
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++) result[i] = Marshal.PtrToStringUTF8((IntPtr)names[i]) ?? "";
            return result;
        }
        finally
        {
            OrtStatus.Check(api.ReleaseAvailableProviders(names, count));
        }
    }

    /// <summary>The native library's build description.</summary>
    public string BuildInfo => Marshal.PtrToStringUTF8((IntPtr)OrtLibrary.Api.GetBuildInfoString()) ?? "";

    [UnmanagedCallersOnly]
    private static void OnLog(IntPtr param, int severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        try
        {
            var level = severity switch
            {
                0 => LogLevel.Trace,
                1 => LogLevel.Information,
                2 => LogLevel.Warning,
                3 => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (!logger.IsEnabled(level)) return;
            logger.Log(level, "[{Category}] {Message} ({CodeLocation})",
                Marshal.PtrToStringUTF8((IntPtr)category), Marshal.PtrToStringUTF8((IntPtr)message),
                Marshal.PtrToStringUTF8((IntPtr)codeLocation));
        }
        catch
        {
            // An exception must never unwind into native code.
        }
    }
}
