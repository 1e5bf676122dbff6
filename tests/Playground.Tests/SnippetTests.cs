using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Inference.Playground.Tests;

/// <summary>
/// The page's "this request as code" must work when pasted: the curl command is run by bash, the C# program is
/// compiled as `dotnet new console` would (implicit usings) against the OpenAI SDK and run; both must print what the
/// page showed for the same request.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class SnippetTests(PlaygroundServer server, BrowserSession browser)
{
    [BrowserFact]
    public async Task The_curl_command_and_the_csharp_program_reproduce_the_pages_votes()
    {
        var page = new PageDriver(browser.Driver, server.BaseAddress).Open(PlaygroundServer.ApiKey)
            .Ask("Compute 9-4*2+7.", ("model", PlaygroundServer.LanguageModel), ("samples", "8"), ("seed", "21"));
        var votes = page.Histogram.Where(b => b.Answer != "(no answer)").Select(b => $"{b.Answer}: {b.Votes} votes").Order(StringComparer.Ordinal).ToList();
        var chosenText = browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#transcript li.assistant pre")).Last().GetAttribute("textContent");

        var curl = page.Find("curl-code").GetAttribute("textContent")!;
        var reply = JsonNode.Parse(await RunAsync("bash", ["-c", curl]))!;
        var curlVotes = reply["test_time_scaling"]!["answers"]!.AsArray().Select(a => $"{(string)a!["answer"]!}: {(int)a["votes"]!} votes").Order(StringComparer.Ordinal);
        Assert.Equal(votes, curlVotes);

        var output = await CompileAndRunAsync(page.Find("csharp-code").GetAttribute("textContent")!);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(chosenText, lines[0]);
        Assert.Equal(votes, lines.Skip(1).Order(StringComparer.Ordinal));
    }

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["INFERENCE_API_KEY"] = PlaygroundServer.ApiKey;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>Compiles the program with the implicit usings of a console project and runs its entry point here.</summary>
    private static async Task<string> CompileAndRunAsync(string program)
    {
        const string implicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
                                      "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(OpenAI.Chat.ChatClient).Assembly.Location, typeof(System.ClientModel.ApiKeyCredential).Assembly.Location])
            .Distinct().Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("PlaygroundSnippet",
            [CSharpSyntaxTree.ParseText(implicitUsings), CSharpSyntaxTree.ParseText(program)], references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + program);
        var entry = Assembly.Load(image.ToArray()).EntryPoint!;

        var console = Console.Out;
        var captured = new StringWriter();
        Environment.SetEnvironmentVariable("INFERENCE_API_KEY", PlaygroundServer.ApiKey);
        Console.SetOut(captured);
        try
        {
            var result = entry.Invoke(null, [Array.Empty<string>()]);
            if (result is Task task) await task;
        }
        finally
        {
            Console.SetOut(console);
            Environment.SetEnvironmentVariable("INFERENCE_API_KEY", null);
        }
        return captured.ToString();
    }
}
