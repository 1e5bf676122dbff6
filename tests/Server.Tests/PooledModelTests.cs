namespace Inference.Server.Tests;

/// <summary>A model drawn locally and on a backend that is down (port 9 on loopback has no listener).</summary>
public sealed class PooledServer : ServerFixture
{
    protected override bool InMemory => true;

    protected override IEnumerable<string> Arguments() => ["--Backends:down:Endpoints:0=http://127.0.0.1:9", "--Backends:down:TimeoutSeconds=2"];
}

/// <summary>
/// A served model whose samples are pooled over the local engine and a backend: the backend's chunk fails and is
/// redrawn locally, so nothing is lost; a test-time-scaled answer asking for logprobs is refused by name, since a sample
/// drawn on a backend comes back as text with no token ids here.
/// </summary>
public sealed class PooledModelTests(PooledServer server) : IClassFixture<PooledServer>
{
    [Fact]
    public async Task A_failed_backend_chunk_is_redrawn_locally_and_logprobs_with_scaling_are_refused_by_name()
    {
        var scaled = await server.Http.PostAsync("/v1/chat/completions",
            Api.Chat("""
                "seed": 3, "test_time_scaling": {"strategy": "majority", "samples": 32}
                """));
        Assert.True(scaled.Status == System.Net.HttpStatusCode.OK, scaled.Text);
        var sources = scaled.Json!["test_time_scaling"]!["sources"]!.AsArray();
        Assert.Equal(32, sources.Sum(s => (int)s!["samples"]!));
        var down = sources.Single(s => ((string)s!["source"]!).StartsWith("down@", StringComparison.Ordinal))!;
        Assert.Equal((0, 1), ((int)down["samples"]!, (int)down["failed"]!));

        var refused = await server.Http.PostAsync("/v1/chat/completions",
            Api.Chat("""
                "logprobs": true, "test_time_scaling": {"strategy": "majority", "samples": 4}
                """));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("logprobs", refused.ErrorParam);
    }
}
