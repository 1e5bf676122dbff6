using System.Text.RegularExpressions;
using Inference.Engine.Runtime;
using Inference.Engine.Tests.Packages;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Engine.Tests.Runtime;

/// <summary>The README's ONNX Runtime example is <see cref="Example"/>'s body verbatim, and it prints what the README says.</summary>
[Trait("Category", "OnnxRuntimeFlavor")]
public sealed class ReadmeExampleTests
{
    [Fact]
    public void ReadmeShowsTheExampleVerbatim()
    {
        var readme = File.ReadAllText(Path.Combine(ModelFixtures.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var block = Regex.Match(readme, "<!-- runtime-example -->\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no <!-- runtime-example --> code block");
        var source = File.ReadAllText(Path.Combine(ModelFixtures.RepositoryRoot, "tests", "Engine.Tests", "Runtime", "ReadmeExampleTests.cs")).ReplaceLineEndings("\n");
        var body = Regex.Match(source, "// readme-begin\n(?<code>.*?)\\s*// readme-end", RegexOptions.Singleline).Groups["code"].Value;
        var code = string.Join("\n", body.Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.TrimStart())) + "\n";
        Assert.Equal(code, block.Groups["code"].Value);
    }

    [Fact]
    public void TheExamplePrintsTheDeviceAndTheSums()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Example(RuntimeFixtures.Path("runtime/add_f16.onnx"));
        }
        finally
        {
            Console.SetOut(original);
        }
        // No CUDA on this machine: the CPU package has no CUDA provider, the GPU package cannot load its libraries.
        Assert.Equal("cpu: 2, 5", output.ToString().Trim());
    }

    private static void Example(string model)
    {
        // readme-begin
        var (session, placement) = SessionFactory.Create(model, new ExecutionProviderOptions { Device = "cuda", FallbackToCpu = true },
            options => options.IntraOpNumThreads = 1);
        using (session)
        {
            using var x = OrtValue.CreateTensorValueFromMemory(new[] { (Float16)1f, (Float16)2.5f }, [2]);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var outputs = session.Run(["x", "y"], [x, x], ["z32"], cancel.Token);
            Console.WriteLine($"{placement.Device}: {string.Join(", ", outputs.First().GetTensorDataAsSpan<float>().ToArray())}");
        }
        // readme-end
    }
}
