using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Inference.Testing;

namespace Inference.Client.Tests;

/// <summary>
/// Every example of README.md runs here and prints what the README says it prints. An example is a fenced block
/// after <c>&lt;!-- example: NAME --&gt;</c>, its output the block after <c>&lt;!-- output: NAME --&gt;</c>. A curl
/// command is sent to a real server process serving the bundled models (as <c>dotnet run --project src/Server</c>
/// does) and its JSON answer must contain the README's JSON (which may leave fields out; "id" and "created" differ on
/// every call, so only their presence counts). A C# example named after a sample folder is that sample's Program.cs
/// verbatim, and the built sample is run as its own process. The examples use fixed seeds: when the engine's
/// sampling changes, these tests fail until the README shows the new outputs.
/// </summary>
public sealed class ReadmeExampleTests(BundledServerProcess server) : IClassFixture<BundledServerProcess>
{
    private static readonly string Root = ServerProcess.RepositoryRoot;
    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n"));

    public static TheoryData<string> Examples() => new(ExampleNames());

    private static List<string> ExampleNames() =>
        Regex.Matches(Readme.Value, "<!-- example: (?<name>[^ ]+) -->").Select(m => m.Groups["name"].Value).ToList();

    [Fact]
    public void The_readme_has_the_examples_this_test_knows_how_to_run()
    {
        Assert.Equal(["curl-one-sample", "curl-majority", "samples/OpenAIQuickstart", "samples/EmbeddedQuickstart", "curl-json-schema", "curl-tools"],
            ExampleNames());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_example_prints_what_the_readme_shows(string name)
    {
        var example = Block("example", name);
        var expected = Block("output", name);
        if (name.StartsWith("samples/", StringComparison.Ordinal))
        {
            var sample = File.ReadAllText(Path.Combine(Root, name, "Program.cs")).ReplaceLineEndings("\n");
            Assert.Equal(sample, example);
            Assert.True(sample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 12, "a README example stays short");
            // The HTTP sample is pointed at the test's server; the embedded one loads models/arith-lm from the working directory.
            string[] arguments = name == "samples/OpenAIQuickstart" ? [new Uri(server.BaseAddress, "v1").ToString()] : [];
            Assert.Equal(expected.TrimEnd('\n'), await RunSampleAsync(name, arguments));
        }
        else
        {
            var (path, body) = ParseCurl(example);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            using var response = await http.PostAsync(path.TrimStart('/'), new StringContent(body, Encoding.UTF8, "application/json"));
            var actual = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, actual);
            AssertContains(JsonNode.Parse(expected)!, JsonNode.Parse(actual)!, "$");
        }
    }

    /// <summary>The body of the fenced block right after the marker.</summary>
    private static string Block(string kind, string name)
    {
        var m = Regex.Match(Readme.Value, $"<!-- {kind}: {Regex.Escape(name)} -->\n```[a-z]*\n(?<body>.*?)```", RegexOptions.Singleline);
        Assert.True(m.Success, $"README.md has no <!-- {kind}: {name} --> followed by a code block");
        return m.Groups["body"].Value;
    }

    /// <summary>The path and the -d body of a README curl command against http://127.0.0.1:8000.</summary>
    private static (string Path, string Body) ParseCurl(string command)
    {
        var url = Regex.Match(command, @"curl -s http://127\.0\.0\.1:8000(?<path>/\S+)");
        var body = Regex.Match(command, @"-d '(?<body>[^']*)'");
        Assert.True(url.Success && body.Success, $"not a curl POST of the form the README uses: {command}");
        return (url.Groups["path"].Value, body.Groups["body"].Value);
    }

    /// <summary>Every member of <paramref name="expected"/> is in <paramref name="actual"/> with the same value; arrays
    /// match element by element; "id" and "created" need only be present.</summary>
    private static void AssertContains(JsonNode expected, JsonNode? actual, string path)
    {
        Assert.True(actual is not null, $"{path} is missing");
        switch (expected)
        {
            case JsonObject obj:
                var actualObject = Assert.IsType<JsonObject>(actual);
                foreach (var (key, value) in obj)
                {
                    Assert.True(actualObject.ContainsKey(key), $"{path}.{key} is missing from the response: {actual.ToJsonString()}");
                    if (key is "id" or "created") continue;
                    if (value is null) Assert.Null(actualObject[key]);
                    else AssertContains(value, actualObject[key], $"{path}.{key}");
                }
                break;
            case JsonArray array:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.True(array.Count == actualArray.Count, $"{path} has {actualArray.Count} elements, the README shows {array.Count}: {actual.ToJsonString()}");
                for (var i = 0; i < array.Count; i++) AssertContains(array[i]!, actualArray[i], $"{path}[{i}]");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path} is {actual.ToJsonString()}, the README shows {expected.ToJsonString()}");
                break;
        }
    }

    /// <summary>Runs a built sample (its own bin folder, the solution's configuration) from the repository root.</summary>
    private static async Task<string> RunSampleAsync(string folder, string[] arguments)
    {
        var project = Path.GetFileName(folder);
        var dll = Path.Combine(Root, folder, "bin", ServerProcess.Configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ServerProcess.Bound);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{project} exited with {process.ExitCode}: {await errors}");
        return (await output).ReplaceLineEndings("\n").TrimEnd('\n');
    }
}
