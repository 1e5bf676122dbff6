namespace Inference.Server.Models;

/// <summary>Finds the models shipped in the repository (models/arith-lm, models/arith-reward) by searching upward from
/// the application folder and the current directory, so `dotnet run --project src/Server` needs no arguments.</summary>
public static class BundledModels
{
    public const string LanguageModel = "models/arith-lm";
    public const string RewardModel = "models/arith-reward";

    /// <summary>The folder <paramref name="relative"/> under the first ancestor that has <paramref name="relative"/>/model.onnx.</summary>
    public static string? Find(string relative, params string?[] startDirectories)
    {
        var starts = startDirectories.Length > 0 ? startDirectories : [AppContext.BaseDirectory, Directory.GetCurrentDirectory()];
        foreach (var start in starts)
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(Path.Combine(candidate, "model.onnx"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// A folder given on the command line or in configuration: absolute as is; relative, looked up from the current
    /// directory and its parents, then from the application folder and its parents (`dotnet run` starts in the project
    /// folder, so "models/arith-lm" typed at the repository root still resolves). Null when it exists nowhere.
    /// </summary>
    public static string? Locate(string path)
    {
        if (Path.IsPathRooted(path)) return Directory.Exists(path) ? Path.GetFullPath(path) : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        return null;
    }
}
