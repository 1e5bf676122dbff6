using Inference.Engine.Packages;

namespace Inference.Bench.Engine;

/// <summary>The model a benchmark runs: the bundled LM by default, or any model folder.</summary>
internal static class BenchModel
{
    public static string DefaultFolder
    {
        get
        {
            var bundled = Path.Combine(RepositoryPaths.Root, "models", "arith-lm");
            return File.Exists(Path.Combine(bundled, "model.onnx")) ? bundled : Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "tiny-llama", "fp32");
        }
    }

    public static ModelPackage Load(string? folder, int threads, bool allowSpinning = true)
    {
        var path = Path.GetFullPath(folder ?? DefaultFolder);
        var package = ModelPackage.Load(path, new ModelPackageOptions { IntraOpThreads = threads, AllowSpinning = allowSpinning });
        var d = package.Descriptor;
        Console.WriteLine($"model: {d.Id} ({path}) — {d.Interface}");
        Console.WriteLine($"threads: {(threads == 0 ? "ORT default" : threads)}{(allowSpinning ? "" : ", no spinning")}, processors: {Environment.ProcessorCount}");
        return package;
    }

    /// <summary>A prompt the model takes: the chat template over a fixed question, or raw ids without a template.</summary>
    public static int[] Prompt(ModelPackage package)
    {
        var text = package.ChatTemplate is null
            ? "Compute 47*3+18-9."
            : package.ApplyChatTemplate([new ChatMessage("user", "Compute 47*3+18-9.")]);
        var ids = package.Tokenizer.Encode(text, addSpecialTokens: false);
        return ids.Select(i => i % package.Descriptor.VocabSize).ToArray();
    }
}
