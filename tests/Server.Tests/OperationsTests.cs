using System.Net;
using System.Text.RegularExpressions;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>A server with a tiny batch and queue, for overload and disconnect behaviour.</summary>
public sealed class SmallBatchServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() =>
    [
        // 65 rows: one request's 64 and the decode-loop gate's one; a second request of 64 has to wait.
        "--Scheduler:MaxBatchRows=65",
        "--Limits:MaxN=64",
        "--Scheduler:MaxQueuedRequests=1",
        "--Scheduler:RetryAfterSeconds=2",
        "--Limits:MaxTokens=100",
    ];
}

public sealed class OperationsTests(SmallBatchServer server) : IClassFixture<SmallBatchServer>
{
    [Fact]
    public async Task More_requests_than_batch_plus_queue_get_429_with_retry_after_and_the_rest_succeed()
    {
        // The loop is held while the batch is full and the queue takes its one request, so the others are refused
        // whatever the machine's speed (with a free-running loop a slow client could send them after the first ended).
        var body = Api.Chat("\"n\":64,\"ignore_eos\":true").Replace("\"max_tokens\":4", "\"max_tokens\":80");
        Api.Reply[] replies;
        await using (var gate = await DecodeLoopGate.HoldAsync(server))
        {
            var first = server.Http.PostAsync("v1/chat/completions", body);
            await Eventually.TrueAsync(() => gate.Scheduler.Stats.QueuedRequests == 1, "the first request reaching the queue");
            await gate.MoveOnUntilAsync(() => gate.Scheduler.Stats.ActiveRows > 1);
            Assert.Equal(65, gate.Scheduler.Stats.ActiveRows);

            var rest = Enumerable.Range(0, 7).Select(_ => server.Http.PostAsync("v1/chat/completions", body)).ToArray();
            // One of them waits in the queue; the other six are answered at once while the loop is held.
            await Eventually.TrueAsync(() => rest.Count(t => t.IsCompleted) >= 6, "six requests being refused");
            Assert.Equal(1, gate.Scheduler.Stats.QueuedRequests);
            await gate.ReleaseAsync();
            replies = await Task.WhenAll(rest.Prepend(first));
        }

        var refused = replies.Where(r => r.Status == HttpStatusCode.TooManyRequests).ToList();
        var served = replies.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.Equal(6, refused.Count);
        Assert.Equal(2, served.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal("2", r.Response.Headers.RetryAfter?.ToString());
            Assert.Equal("rate_limit_error", r.ErrorType);
            Assert.Equal("queue_full", r.ErrorCode);
        });
        Assert.All(served, r => Assert.Equal(64 * 80, r.Json!["usage"]!["completion_tokens"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("\"n\":64")]
    [InlineData("\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":64}")]
    public async Task A_client_that_disconnects_mid_stream_frees_its_batch_rows(string extra)
    {
        // The loop is held with the stream's rows in the batch until the server has seen the hang-up, so the hang-up
        // lands mid-generation however slowly this test runs (the tiny model decodes 64 x 100 tokens in a few hundred
        // milliseconds, so a free-running loop often finished first on a busy machine).
        var before = await Metrics();
        await using (var gate = await DecodeLoopGate.HoldAsync(server))
        {
            await ClientHangUp.MidStreamAsync(server, gate,
                Api.Chat(extra + ",\"ignore_eos\":true,\"stream\":true").Replace("\"max_tokens\":4", "\"max_tokens\":100"));
            await Eventually.TrueAsync(async () => Disconnects(await Metrics()) > Disconnects(before), "the server counting the disconnect");
        }
        var after = await WaitForIdleAsync();
        Assert.Equal(Disconnects(before) + 1, Disconnects(after));
        Assert.Equal(0, after["inference_kv_reserved_tokens"]);
        Assert.True(after["inference_tokens_generated_total"] - before["inference_tokens_generated_total"] < 64 * 100,
            "the disconnected request's rows must leave the batch before max_tokens");

        var ok = await server.Http.PostAsync("v1/chat/completions", Api.Chat());
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }

    private static double Disconnects(Dictionary<string, double> metrics) => metrics.GetValueOrDefault("inference_client_disconnects_total");

    /// <summary>The batch empty and nothing reserved: a settled state once the cancelled rows have left.</summary>
    private async Task<Dictionary<string, double>> WaitForIdleAsync()
    {
        Dictionary<string, double> metrics = [];
        await Eventually.TrueAsync(async () =>
        {
            metrics = await Metrics();
            return metrics.GetValueOrDefault("inference_batch_rows") == 0 && metrics.GetValueOrDefault("inference_kv_reserved_tokens") == 0;
        }, "the batch emptying");
        return metrics;
    }

    private async Task<Dictionary<string, double>> Metrics()
    {
        var text = await server.Http.GetStringAsync("metrics");
        var values = new Dictionary<string, double>();
        foreach (Match m in Regex.Matches(text, $@"^(inference_[a-z_]+)\{{model=""{TestModels.Id}""\}} ([0-9.eE+-]+)$", RegexOptions.Multiline))
            values[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }
}
