namespace Inference.Testing;

/// <summary>The repository checkout the tests run from (the folder holding Inference.sln above the test assembly).</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Inference.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root (Inference.sln) was not found above " + AppContext.BaseDirectory);
        }
    }
}
