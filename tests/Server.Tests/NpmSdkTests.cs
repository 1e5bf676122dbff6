using System.Text.Json.Nodes;

namespace Inference.Server.Tests;

/// <summary>
/// The official OpenAI npm SDK (<c>openai</c>, pinned by tools/npm-sdk/package-lock.json), unmodified, against the server
/// on a real port: tools/npm-sdk/check.mjs runs every check and prints a JSON summary; this asserts on it. Skipped, with
/// the reason, when node or npm is missing or npm ci cannot reach the registry.
/// </summary>
public sealed class NpmSdkTests(DefaultServer server) : IClassFixture<DefaultServer>
{
    private static readonly string[] Checks =
    [
        "plain_chat", "n_and_seed", "streaming_chat", "json_schema_strict", "json_schema_streamed_with_the_stream_helper",
        "tool_named", "tool_required", "tool_streamed_deltas", "test_time_scaling_extension", "error_is_an_api_error",
    ];

    [SkippableFact]
    public async Task The_openai_npm_sdk_reads_chat_structured_outputs_tools_extensions_and_errors()
    {
        var missing = await NpmSdk.MissingReasonAsync();
        Skip.If(missing is not null, missing);

        var (exit, stdout, stderr) = await NpmSdk.CheckAsync(server.BaseAddress, server.Model);

        Assert.True(exit == 0, $"check.mjs exited with {exit}:\n{stdout}\n{stderr}");
        var summary = JsonNode.Parse(stdout)!;
        Assert.Equal(NpmSdk.PinnedVersion, summary["sdk"]!["version"]!.GetValue<string>());
        Assert.Equal(0, summary["failed"]!.GetValue<int>());
        var checks = summary["checks"]!.AsArray();
        Assert.Equal(Checks, checks.Select(c => c!["name"]!.GetValue<string>()));
        Assert.All(checks, c => Assert.True(c!["ok"]!.GetValue<bool>(), c.ToJsonString()));

        JsonNode Detail(string name) => checks.Single(c => c!["name"]!.GetValue<string>() == name)!["detail"]!;
        Assert.Equal(3, Detail("n_and_seed")["choices"]!.AsArray().Count);
        Assert.Equal("add", Detail("tool_named")["name"]!.GetValue<string>());
        Assert.Equal("weather", Detail("tool_streamed_deltas")["name"]!.GetValue<string>());
        Assert.Equal(3, Detail("test_time_scaling_extension")["samples_used"]!.GetValue<int>());
        Assert.Equal(["temperature", "tool_choice.function.name", "response_format.json_schema.schema"],
            Detail("error_is_an_api_error")["errors"]!.AsArray().Select(e => e!["param"]!.GetValue<string>()));
    }
}
