using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Inference.Bench.Tokenizers;

/// <summary>Runs tools/goldens/tokenizers/bench.mjs (npm @huggingface/tokenizers) on the same corpus file.</summary>
internal static class NodeTokenizerRun
{
    /// <summary>Returns the sample, or null with <paramref name="problem"/> saying why node could not run.</summary>
    public static ThroughputSample? Measure(string node, string fixtureDir, string corpusFile, int repeats, out string? problem)
    {
        var tools = RepositoryPaths.NodeGoldenTools;
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "@huggingface", "tokenizers")))
        {
            problem = $"npm package @huggingface/tokenizers is not installed: run `npm install` in {tools}";
            return null;
        }
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { Path.Combine(tools, "bench.mjs"), fixtureDir, corpusFile, repeats.ToString() })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("process did not start");
        }
        catch (Win32Exception e)
        {
            problem = $"node is not available ('{node}': {e.Message}); install Node.js or pass --node <path>";
            return null;
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                problem = $"node exited with code {process.ExitCode}: {stderr.Result.Trim()}";
                return null;
            }
            using var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            var root = result.RootElement;
            problem = null;
            return new ThroughputSample(
                $"{root.GetProperty("library").GetString()} (node {root.GetProperty("node").GetString()})",
                root.GetProperty("seconds").EnumerateArray().Select(s => s.GetDouble()).ToArray(),
                new FileInfo(corpusFile).Length,
                root.GetProperty("tokens").GetInt64(),
                root.GetProperty("checksum").GetUInt32());
        }
    }
}
