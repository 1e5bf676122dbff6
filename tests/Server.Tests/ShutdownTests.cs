using System.Net;

namespace Inference.Server.Tests;

public sealed class DrainingServer : ServerFixture
{
    // 65 rows: the stream's 64 and the decode-loop gate's one.
    protected override IEnumerable<string> Arguments() => ["--Server:DrainTimeoutSeconds=20", "--Limits:MaxTokens=100", "--Limits:MaxN=64", "--Scheduler:MaxBatchRows=65"];
}

/// <summary>Graceful shutdown: a stream in flight when the host is told to stop still runs to [DONE] within the drain
/// timeout. (The fixture is stopped by this test; xunit disposes it afterwards.)</summary>
public sealed class ShutdownTests(DrainingServer server) : IClassFixture<DrainingServer>
{
    [Fact]
    public async Task Stopping_drains_the_in_flight_stream_and_reports_not_ready()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(Api.Chat("\"n\":64,\"ignore_eos\":true,\"stream\":true").Replace("\"max_tokens\":4", "\"max_tokens\":100"),
                System.Text.Encoding.UTF8, "application/json"),
        };
        // The stream's rows are held mid-generation (parked decode loop) while shutdown begins: otherwise a test
        // thread that runs late sees a stream that already ended, as 64 x 100 tokens take a few hundred milliseconds.
        await using var gate = await DecodeLoopGate.HoldAsync(server);
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The stream was submitted before its headers were sent; park the loop once its rows are decoding.
        await gate.MoveOnUntilAsync(() => gate.Scheduler.Stats.ActiveRows > 1);
        Assert.Equal(65, gate.Scheduler.Stats.ActiveRows);
        var body = response.Content.ReadAsStringAsync();

        var stopping = server.StopAsync();
        Assert.False(body.IsCompleted, "the stream must still be running when shutdown begins");
        await gate.ReleaseAsync();
        var text = await body;
        await stopping;

        Assert.EndsWith("data: [DONE]\n\n", text);
        Assert.Equal(64, System.Text.RegularExpressions.Regex.Matches(text, "\"finish_reason\":\"length\"").Count);
    }
}
