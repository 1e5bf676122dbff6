using System.Text.Json;
using Inference.Engine.Packages;
using Inference.Verifiers;

namespace Inference.Pipeline.Tests;

/// <summary>The repository's bundled arithmetic LM, its reward model and its held-out problems, loaded once.</summary>
public static class BundledModels
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Inference.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Inference.sln) was not found above the test binaries.");
    });

    private static readonly Lazy<ModelPackage> LanguageModel = new(() =>
        ModelPackage.Load(Path.Combine(Root.Value, "models", "arith-lm"), new ModelPackageOptions { IntraOpThreads = 2 }));

    private static readonly Lazy<RewardModel> Reward = new(() => RewardModel.Load(Path.Combine(Root.Value, "models", "arith-reward"), 2));

    public static ModelPackage Lm => LanguageModel.Value;

    public static string RepositoryRoot => Root.Value;

    public static RewardModel RewardModel => Reward.Value;

    public sealed record Problem(string Id, string Prompt, string Answer, string Solution);

    /// <summary>The held-out problems, in file order.</summary>
    public static IReadOnlyList<Problem> EvalProblems { get; } = File.ReadLines(Path.Combine(Root.Value, "models", "tasks", "eval.jsonl"))
        .Select(line => JsonDocument.Parse(line).RootElement)
        .Select(e => new Problem(e.GetProperty("id").GetString()!, e.GetProperty("prompt").GetString()!,
            e.GetProperty("answer").GetString()!, e.GetProperty("solution").GetString()!))
        .ToArray();
}
