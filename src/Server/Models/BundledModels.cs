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
}
