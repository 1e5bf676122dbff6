namespace Inference.Client.Tests;

internal static class Repository
{
    public static string Root => Inference.Testing.RepositoryRoot.Path;

    public static string BundledModel => Path.Combine(Root, "models", "arith-lm");
}
