using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Microsoft.ML.OnnxRuntimeGenAI;
using Xunit.Abstractions;

namespace Inference.GenAiOracle.Tests;

/// <summary>
/// Our engine's greedy tokens equal onnxruntime-genai's, token for token, on every model-builder-style export in the
/// repository: 24 new tokens (or up to the end-of-sequence token, where both must stop) for four prompts, fed to
/// both as the same token ids. GenAI reads the same folder (genai_config.json and the ONNX graph) with its own code,
/// so it is an independent reference for interface discovery, position ids, masks and the KV cache. A folder GenAI
/// cannot load is skipped with GenAI's reason.
/// </summary>
public sealed class GreedyTokensTests(ITestOutputHelper output)
{
    private const int NewTokens = 24;

    private static readonly string[] Prompts =
    [
        "Compute 47*3+18-9.",
        "12+30=",
        "The quick brown fox jumps over the lazy dog",
        "1 2 3 4 5 6 7",
    ];

    public static TheoryData<string> Exports() => new(ModelBuilderExports.Folders());

    [Fact]
    public void TheRepositoryHasExportsToCheck()
    {
        var folders = ModelBuilderExports.Folders().ToArray();
        output.WriteLine(string.Join(Environment.NewLine, folders));
        Assert.Contains("models/arith-lm", folders);
        Assert.Contains("tests/fixtures/tiny-llama/fp32", folders);
    }

    [SkippableTheory]
    [MemberData(nameof(Exports))]
    public async Task GreedyTokensEqualGenAis(string folder)
    {
        var directory = Path.Combine(ModelBuilderExports.RepositoryRoot, folder);
        Model? oracle = null;
        try
        {
            oracle = new Model(directory);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            Skip.If(true, $"onnxruntime-genai 0.20.0 cannot load {folder}: {ex.Message}");
        }
        using (oracle)
        {
            using var package = ModelPackage.Load(directory, new ModelPackageOptions { IntraOpThreads = 1 });
            await using var scheduler = new GenerationScheduler(package);
            var vocab = package.Descriptor.VocabSize;
            foreach (var text in Prompts)
            {
                var prompt = package.Tokenizer.Encode(text, addSpecialTokens: true).Select(id => id % vocab).ToArray();
                var ours = (await scheduler.GenerateAsync(new GenerationRequest
                {
                    PromptTokens = prompt,
                    Sampling = new SamplingParams { Temperature = 0, MaxTokens = NewTokens, Seed = 0 },
                })).Samples.Single().TokenIds.ToArray();
                var theirs = GenAiGreedy(oracle!, prompt);
                output.WriteLine($"{folder} | {text} | ours [{string.Join(' ', ours)}] | genai [{string.Join(' ', theirs)}]");
                // Our samples end with the end-of-sequence token they stopped on; GenAI's sequence stops before it. Equal
                // sequences shorter than 24 tokens therefore mean both stopped at the same place.
                var stoppedOnEos = ours.Length > 0 && package.Descriptor.EosTokenIds.Contains(ours[^1]);
                Assert.Equal(theirs, stoppedOnEos ? ours[..^1] : ours);
            }
        }
    }

    /// <summary>GenAI's greedy continuation (without the end-of-sequence token it stops on).</summary>
    private static int[] GenAiGreedy(Model model, int[] prompt)
    {
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", prompt.Length + NewTokens);
        parameters.SetSearchOption("do_sample", false);
        parameters.SetSearchOption("batch_size", 1);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
        while (!generator.IsDone()) generator.GenerateNextToken();
        return generator.GetSequence(0).ToArray()[prompt.Length..];
    }
}
