namespace Inference.Bench;

/// <summary>Finds the repository (the folder holding Inference.sln) from the working directory or the binary.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Inference.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("cannot find the repository root (Inference.sln); run from inside the repository");
    }

    public static string TokenizerFixture(string name) => Path.Combine(Root, "tests", "fixtures", "tokenizers", name);

    public static string NodeGoldenTools => Path.Combine(Root, "tools", "goldens", "tokenizers");
}
