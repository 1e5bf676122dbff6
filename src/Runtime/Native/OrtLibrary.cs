using System.Runtime.InteropServices;

namespace Inference.Runtime.Native;

/// <summary>
/// Loads the ONNX Runtime shared library once per process and exposes its API table.
/// Resolution order: an explicit path (file or directory), the ONNXRUNTIME_LIB_DIR environment variable,
/// the application folder, then the operating system's own search.
/// </summary>
internal static unsafe class OrtLibrary
{
    public const string LibraryDirectoryVariable = "ONNXRUNTIME_LIB_DIR";

    private static readonly string[] FileNames = OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
        : ["libonnxruntime.so.1", "libonnxruntime.so"];

    private static readonly object Gate = new();
    private static OrtApi? api;
    private static string? loadedFrom;
    private static string? versionString;

    public static OrtApi Api => api ?? throw new InvalidOperationException("ONNX Runtime is not loaded yet.");

    public static string LoadedFrom => loadedFrom ?? throw new InvalidOperationException("ONNX Runtime is not loaded yet.");

    public static string VersionString => versionString ?? throw new InvalidOperationException("ONNX Runtime is not loaded yet.");

    public static bool IsLoaded => api is not null;

    /// <summary>Loads the library (first call wins; later calls with another path are rejected).</summary>
    public static OrtApi Load(string? explicitPath)
    {
        lock (Gate)
        {
            if (api is not null)
            {
                if (explicitPath is not null && ResolveCandidates(explicitPath).All(c => c != loadedFrom))
                    throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from '{loadedFrom}'; it cannot be reloaded from '{explicitPath}' in the same process.");
                return api;
            }

            var tried = new List<string>();
            IntPtr handle = IntPtr.Zero;
            string? from = null;
            foreach (var candidate in ResolveCandidates(explicitPath))
            {
                tried.Add(candidate);
                if (Path.IsPathRooted(candidate) && !File.Exists(candidate)) continue;
                if (NativeLibrary.TryLoad(candidate, out handle)) { from = candidate; break; }
            }
            if (handle == IntPtr.Zero)
                throw new OnnxRuntimeNotFoundException(
                    "Could not load the ONNX Runtime native library. Tried: " + string.Join(", ", tried) +
                    $". Build the project once (it fetches the library), or set {LibraryDirectoryVariable} to a directory holding {FileNames[0]}.");

            if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
                throw new OnnxRuntimeNotFoundException($"'{from}' does not export OrtGetApiBase: it is not an ONNX Runtime library.");

            var apiBase = ((delegate* unmanaged<OrtApi.ApiBase*>)getApiBase)();
            var version = Marshal.PtrToStringUTF8((IntPtr)apiBase->GetVersionString()) ?? "unknown";
            var table = apiBase->GetApi(OrtApi.Version);
            if (table == IntPtr.Zero)
                throw new OnnxRuntimeVersionException(
                    $"The ONNX Runtime library at '{from}' is version {version}, which does not provide API version {OrtApi.Version} " +
                    $"(this binding needs ONNX Runtime 1.{OrtApi.Version} or newer).");

            versionString = version;
            loadedFrom = from;
            api = new OrtApi(table);
            return api;
        }
    }

    private static IEnumerable<string> ResolveCandidates(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            if (Directory.Exists(explicitPath))
                foreach (var name in FileNames) yield return Path.GetFullPath(Path.Combine(explicitPath, name));
            else
                yield return Path.GetFullPath(explicitPath);
            yield break;
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(LibraryDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            foreach (var name in FileNames) yield return Path.GetFullPath(Path.Combine(fromEnvironment, name));
        foreach (var name in FileNames) yield return Path.Combine(AppContext.BaseDirectory, name);
        foreach (var name in FileNames) yield return name;
    }
}
