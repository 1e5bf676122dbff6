using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace Inference.Client.Tests;

/// <summary>The HTTP client's package carries no engine and no native library: its restore closure (every package and
/// project it depends on, transitively) and its assembly's references name neither.</summary>
public sealed class HttpClientPackageTests
{
    [Fact]
    public void The_dependency_closure_has_no_onnx_runtime_and_no_engine()
    {
        var assets = Path.Combine(Repository.Root, "src", "Client.Http", "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is written by restore");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(l => (Name: l.Name.Split('/')[0], Type: l.Value.GetProperty("type").GetString())).ToList();
        Assert.Contains(libraries, l => l.Name == "System.Net.ServerSentEvents");
        Assert.DoesNotContain(libraries, l => l.Name.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["Inference.Protocol"], libraries.Where(l => l.Type == "project").Select(l => l.Name));
    }

    [Fact]
    public void The_assembly_references_only_the_protocol_of_ours()
    {
        var dll = typeof(InferenceHttpClient).Assembly.Location;
        using var pe = new PEReader(File.OpenRead(dll));
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
        Assert.Contains("Inference.Protocol", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Inference.", StringComparison.Ordinal) && r != "Inference.Protocol");
        Assert.DoesNotContain(references, r => r.Contains("OnnxRuntime", StringComparison.Ordinal));
    }
}
