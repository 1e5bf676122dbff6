using System.Net;

namespace Inference.Server.Tests;

public sealed class ShortDeadlineServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() => ["--Limits:RequestTimeoutSeconds=0.05", "--Limits:MaxTokens=100", "--Limits:MaxN=64", "--Scheduler:MaxBatchRows=64"];
}

/// <summary>The request deadline: 504 before a response starts, an error event after a stream started.</summary>
public sealed class DeadlineTests(ShortDeadlineServer server) : IClassFixture<ShortDeadlineServer>
{
    private static string Long(bool stream) =>
        Api.Chat($"\"n\":64,\"ignore_eos\":true,\"stream\":{(stream ? "true" : "false")}").Replace("\"max_tokens\":4", "\"max_tokens\":100");

    [Fact]
    public async Task A_request_past_its_deadline_gets_504()
    {
        // The decode loop is held, so the request cannot finish inside its 50 ms however fast the machine is.
        await using var gate = await DecodeLoopGate.HoldAsync(server);
        var reply = await server.Http.PostAsync("v1/chat/completions", Long(stream: false));
        Assert.Equal(HttpStatusCode.GatewayTimeout, reply.Status);
        Assert.Equal("deadline_exceeded", reply.ErrorCode);
        Assert.Equal("timeout_error", reply.ErrorType);
    }

    [Fact]
    public async Task A_stream_past_its_deadline_ends_with_an_error_event()
    {
        // The decode loop is held: the stream starts (its headers go out once the scheduler accepted it), then the
        // deadline passes with the request still unfinished. Free-running, a loaded machine could spend the 50 ms
        // before the stream started (a 504 instead) and a fast one could finish first.
        await using var gate = await DecodeLoopGate.HoldAsync(server);
        var (response, sse) = await Sse.PostAsync(server.Http, "v1/chat/completions", Long(stream: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var last = sse.Chunks[^1];
        Assert.Equal("deadline_exceeded", last["error"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain("[DONE]", sse.Data);
    }
}
