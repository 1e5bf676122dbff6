using System.Text.RegularExpressions;

namespace Inference.Client.Tests;

/// <summary>The README's embedded example is samples/EmbeddedQuickstart/Program.cs verbatim, which the solution builds
/// and this test runs on the bundled model.</summary>
public sealed class ReadmeExampleTests
{
    private static string Root => Repository.Root;

    [Fact]
    public void ReadmeShowsTheSampleVerbatim()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        var block = Regex.Match(readme, "<!-- embedded-example -->\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no <!-- embedded-example --> code block");
        var sample = File.ReadAllText(Path.Combine(Root, "samples", "EmbeddedQuickstart", "Program.cs")).ReplaceLineEndings("\n");
        Assert.Equal(sample, block.Groups["code"].Value);
        Assert.True(sample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 12);
    }

    [Fact]
    public void TheSampleRunsOnTheBundledModel()
    {
        var entry = System.Reflection.Assembly.Load(new System.Reflection.AssemblyName("EmbeddedQuickstart")).EntryPoint!;
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            entry.Invoke(null, [new[] { Path.Combine(Root, "models", "arith-lm") }]);
        }
        finally
        {
            Console.SetOut(original);
        }
        // "<answer>: <answer>×<votes>, ..." with 16 votes in all.
        var line = output.ToString().Trim();
        Assert.Matches(@"^-?\d+: (-?\d+×\d+)(, -?\d+×\d+)*$", line);
        Assert.Equal(16, Regex.Matches(line, @"×(\d+)").Sum(m => int.Parse(m.Groups[1].Value)));
    }
}
