using Inference.Engine.Packages;

namespace Inference.Engine.Tests.Packages;

/// <summary>Model folders copied into the test output, each loaded once per test run.</summary>
public static class ModelFixtures
{
    private static readonly Lazy<ModelPackage> Gpt2Package = new(() => ModelPackage.Load(Gpt2Directory, new ModelPackageOptions { IntraOpThreads = 1 }));

    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    public static string Gpt2Directory => Path("tiny-random-gpt2-fp32");

    /// <summary>The third-party GPT-2 export (random weights, combined past, int32 ids); shared, never disposed.</summary>
    public static ModelPackage Gpt2 => Gpt2Package.Value;
}
