namespace Inference.Client.Tests;

internal static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Inference.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root was not found.");
        }
    }

    public static string BundledModel => Path.Combine(Root, "models", "arith-lm");
}
