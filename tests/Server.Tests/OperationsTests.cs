using System.Net;
using System.Text.RegularExpressions;

namespace Inference.Server.Tests;

/// <summary>A server with a tiny batch and queue, for overload and disconnect behaviour.</summary>
public sealed class SmallBatchServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() =>
    [
        "--Scheduler:MaxBatchRows=64",
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
        // Each request fills the batch (64 rows), one more may wait: the others are refused at once.
        var body = Api.Chat("\"n\":64,\"ignore_eos\":true").Replace("\"max_tokens\":4", "\"max_tokens\":80");
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.Http.PostAsync("v1/chat/completions", body)));

        var refused = replies.Where(r => r.Status == HttpStatusCode.TooManyRequests).ToList();
        var served = replies.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        Assert.True(served.Count >= 1);
        Assert.Equal(replies.Length, refused.Count + served.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal("2", r.Response.Headers.RetryAfter?.ToString());
            Assert.Equal("rate_limit_error", r.ErrorType);
            Assert.Equal("queue_full", r.ErrorCode);
        });
        Assert.All(served, r => Assert.Equal(64 * 80, r.Json!["usage"]!["completion_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_frees_its_batch_rows()
    {
        // The tiny test model decodes 64 x 100 tokens in a few hundred milliseconds, so on a busy machine the hang-up
        // can land after the last token. Up to five attempts; one whose hang-up lands mid-generation must show the
        // rows cancelled early (fewer than 64 x 100 tokens generated), and every attempt must leave the batch empty.
        var earlyExits = 0;
        for (var attempt = 0; attempt < 5 && earlyExits == 0; attempt++)
        {
            var before = await Metrics();
            await HangUpAfterFirstEventAsync();
            var after = await WaitForIdleAsync(before.GetValueOrDefault("inference_client_disconnects_total"));
            Assert.Equal(0, after["inference_batch_rows"]);
            Assert.Equal(0, after["inference_kv_reserved_tokens"]);
            if (after.GetValueOrDefault("inference_client_disconnects_total") > before.GetValueOrDefault("inference_client_disconnects_total")
                && after["inference_tokens_generated_total"] - before["inference_tokens_generated_total"] < 64 * 100)
                earlyExits++;
        }
        Assert.True(earlyExits > 0, "no attempt showed the disconnected request's rows leaving the batch before max_tokens");

        var ok = await server.Http.PostAsync("v1/chat/completions", Api.Chat());
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }

    private async Task HangUpAfterFirstEventAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(Api.Chat("\"n\":64,\"ignore_eos\":true,\"stream\":true").Replace("\"max_tokens\":4", "\"max_tokens\":100"),
                System.Text.Encoding.UTF8, "application/json"),
        };
        // A client that does not drain the rest of the body on dispose, so disposing really hangs up.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.BaseAddress };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
        }
    }

    private async Task<Dictionary<string, double>> WaitForIdleAsync(double disconnectsBefore)
    {
        // Rows must drain (within 10 s); the disconnect is counted within a second when it landed mid-stream.
        var started = DateTime.UtcNow;
        Dictionary<string, double> after;
        do
        {
            await Task.Delay(50);
            after = await Metrics();
        } while ((after.GetValueOrDefault("inference_batch_rows") > 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
                 || (after.GetValueOrDefault("inference_client_disconnects_total") <= disconnectsBefore && DateTime.UtcNow - started < TimeSpan.FromSeconds(1)));
        return after;
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
