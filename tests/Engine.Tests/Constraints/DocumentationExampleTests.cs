using System.Text.RegularExpressions;
using Inference.Engine.Constraints;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// docs/constrained-decoding.md shows <see cref="Example"/>'s body verbatim, and the output it shows is what the
/// example prints on the bundled model.
/// </summary>
public sealed class DocumentationExampleTests
{
    private static string Doc => File.ReadAllText(Path.Combine(ModelFixtures.RepositoryRoot, "docs", "constrained-decoding.md")).ReplaceLineEndings("\n");

    [Fact]
    public void TheDocumentShowsTheExampleVerbatim()
    {
        var block = Regex.Match(Doc, "<!-- engine-example -->\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "docs/constrained-decoding.md has no <!-- engine-example --> code block");
        var source = File.ReadAllText(Path.Combine(ModelFixtures.RepositoryRoot, "tests", "Engine.Tests", "Constraints", "DocumentationExampleTests.cs"))
            .ReplaceLineEndings("\n");
        var body = Regex.Match(source, "// doc-begin\n(?<code>.*?)\\s*// doc-end", RegexOptions.Singleline).Groups["code"].Value;
        var code = string.Join("\n", body.Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart())) + "\n";
        Assert.Equal(code, block.Groups["code"].Value);
    }

    [Fact]
    public async Task TheExamplePrintsWhatTheDocumentShows()
    {
        var output = new StringWriter();
        await Example(ModelFixtures.Load("bundled arith-lm"), output);
        var shown = Regex.Match(Doc, "<!-- engine-example-output -->\n```text\n(?<text>.*?)```", RegexOptions.Singleline);
        Assert.True(shown.Success, "docs/constrained-decoding.md has no <!-- engine-example-output --> block");
        Assert.Equal(shown.Groups["text"].Value, output.ToString().ReplaceLineEndings("\n"));
    }

    private static async Task Example(ModelPackage model, TextWriter console)
    {
        // doc-begin
        await using var scheduler = new GenerationScheduler(model);
        var schema = """{"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"],"additionalProperties":false}""";
        var prompt = model.Tokenizer.Encode(model.ApplyChatTemplate([new ChatMessage("user", "Compute 1-1-9*4.")]), addSpecialTokens: false);
        var result = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt,
            Samples = 4,
            Sampling = new SamplingParams { Seed = 1, MaxTokens = 16, Constraint = TokenConstraint.FromJsonSchema(schema) },
        });
        foreach (var sample in result.Samples) console.WriteLine($"{sample.FinishReason}, {sample.Length} tokens: {sample.Text}");

        var steps = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt,
            Samples = 4,
            Sampling = new SamplingParams { Seed = 1, MaxTokens = 48, Constraint = TokenConstraint.FromRegex(@"(-?\d+[-+*]\d+=-?\d+\. ){1,3}#### -?\d+") },
        });
        foreach (var sample in steps.Samples) console.WriteLine($"{sample.FinishReason}, {sample.Length} tokens: {sample.Text}");
        // doc-end
    }
}
