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

    private static readonly Dictionary<string, Lazy<ModelPackage>> Packages = new()
    {
        ["tiny-random-gpt2-fp32"] = Gpt2Package,
        ["tiny-llama/fp32"] = new(() => ModelPackage.Load(Path("tiny-llama/fp32"), new ModelPackageOptions { IntraOpThreads = 1 })),
        ["tiny-llama/fp16"] = new(() => ModelPackage.Load(Path("tiny-llama/fp16"), new ModelPackageOptions { IntraOpThreads = 1 })),
        ["bundled arith-lm"] = new(() => ModelPackage.Load(System.IO.Path.Combine(RepositoryRoot, "models", "arith-lm"), new ModelPackageOptions { IntraOpThreads = 1 })),
        ["gqa-fp32"] = new(() => ModelPackage.Load(Path("gqa-fp32"), new ModelPackageOptions { IntraOpThreads = 1 })),
        ["gqa-int4"] = new(() => ModelPackage.Load(Path("gqa-int4"), new ModelPackageOptions { IntraOpThreads = 1 })),
        ["mha-fp16"] = new(() => ModelPackage.Load(Path("mha-fp16"), new ModelPackageOptions { IntraOpThreads = 1 })),
    };

    /// <summary>The repository (for the bundled models under models/).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Inference.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root (Inference.sln) was not found above the test binaries.");
        }
    }

    /// <summary>Every decoder fixture, by folder name.</summary>
    public static IEnumerable<string> DecoderModels() => Packages.Keys;

    public static ModelPackage Load(string name) => Packages[name].Value;
}
