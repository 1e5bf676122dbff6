using System.Diagnostics;
using System.Text.Json.Nodes;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>
/// tools/npm-sdk: the official <c>openai</c> npm package at the version its package-lock pins, installed once per test
/// run with <c>npm ci</c> into tools/npm-sdk/node_modules (ignored by git; kept when it already holds that version).
/// Node and npm come from Debian's nodejs and npm packages (.ci/run installs them); NODE_BIN / NPM_BIN override.
/// </summary>
public static class NpmSdk
{
    /// <summary>The oldest node the check was run on (openai 7.x declares node 22 or newer, and runs on 20).</summary>
    private const int OldestNode = 20;

    public static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tools", "npm-sdk");

    private static readonly string? Node = Find("NODE_BIN", "node", "nodejs");

    private static readonly string? Npm = Find("NPM_BIN", "npm");

    private static readonly Lazy<Task<string?>> Install = new(InstallAsync);

    /// <summary>The openai version package-lock.json pins.</summary>
    public static string PinnedVersion =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "package-lock.json")))!["packages"]!["node_modules/openai"]!["version"]!.GetValue<string>();

    /// <summary>Why the npm SDK cannot run here (node or npm missing or too old, the registry unreachable), or null once
    /// the pinned package is installed.</summary>
    public static Task<string?> MissingReasonAsync() => Install.Value;

    /// <summary>Runs <c>node check.mjs URL model</c> and returns its exit code, stdout (the JSON summary) and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> CheckAsync(Uri server, string model) =>
        await RunAsync(Node!, ["check.mjs", server.ToString(), model], TimeSpan.FromSeconds(120));

    private static async Task<string?> InstallAsync()
    {
        if (Node is null || Npm is null)
            return $"npm SDK test skipped: {(Node is null ? "node" : "npm")} was not found on PATH (install the Debian packages nodejs and npm; .ci/run does).";
        var (_, version, _) = await RunAsync(Node, ["--version"], TimeSpan.FromSeconds(30));
        if (!int.TryParse(version.Trim().TrimStart('v').Split('.')[0], out var major) || major < OldestNode)
            return $"npm SDK test skipped: node {version.Trim()} is older than {OldestNode}, the oldest the openai {PinnedVersion} check was run on.";
        if (InstalledVersion() == PinnedVersion) return null;
        var (exit, stdout, stderr) = await RunAsync(Npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5));
        if (exit == 0 && InstalledVersion() == PinnedVersion) return null;
        var output = stdout + stderr;
        string[] unreachable = ["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "network"];
        if (unreachable.Any(code => output.Contains(code, StringComparison.Ordinal)))
            return $"npm SDK test skipped: `npm ci` could not reach the npm registry: {string.Join(" | ", output.Trim().Split('\n').Take(4))}";
        throw new InvalidOperationException($"`npm ci` in {Folder} failed (exit {exit}): {output}");
    }

    private static string? InstalledVersion()
    {
        var installed = Path.Combine(Folder, "node_modules", "openai", "package.json");
        return File.Exists(installed) ? JsonNode.Parse(File.ReadAllText(installed))!["version"]!.GetValue<string>() : null;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan bound)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {bound}: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? Find(string variable, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given) return File.Exists(given) ? given : null;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return names.SelectMany(n => path.Select(dir => Path.Combine(dir, n))).FirstOrDefault(File.Exists);
    }
}
