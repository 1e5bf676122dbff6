namespace Inference.GenAiOracle.Tests;

/// <summary>
/// Every model-builder-style export in the repository: a folder with a genai_config.json under tests/fixtures or
/// models/. Found anew on every run, so fixtures added later are checked without touching this project.
/// </summary>
public static class ModelBuilderExports
{
    public static string RepositoryRoot => Inference.Testing.RepositoryRoot.Path;

    /// <summary>Folders relative to the repository root, e.g. "tests/fixtures/tiny-llama/fp32".</summary>
    public static IEnumerable<string> Folders()
    {
        var root = RepositoryRoot;
        return new[] { Path.Combine(root, "tests", "fixtures"), Path.Combine(root, "models") }
            .Where(Directory.Exists)
            .SelectMany(top => Directory.EnumerateFiles(top, "genai_config.json", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(folder => !folder.Split('/').Any(part => part is "bin" or "obj" or "build"))
            .Order(StringComparer.Ordinal);
    }
}
