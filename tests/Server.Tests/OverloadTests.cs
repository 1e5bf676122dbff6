using System.Net;
using Inference.Server.Models;
using Inference.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inference.Server.Tests;

/// <summary>Capacity for two early-stopping requests at a time (2 rows each) and two waiting: about four.</summary>
public sealed class OverloadServer : ServerFixture
{
    public const int Capacity = 4;

    protected override IEnumerable<string> Arguments() =>
    [
        "--Scheduler:MaxBatchRows=4",
        "--Scheduler:MaxQueuedRequests=2",
        "--Scheduler:RetryAfterSeconds=1",
        "--TestTimeScaling:ProgressIntervalMilliseconds=10",
    ];
}

/// <summary>
/// Overload, bounded and on loopback: 4x capacity of clients, each sending early-stopping test-time-scaling requests
/// (three waves each) back to back, most streamed, some not, some streams hung up by their client after the first
/// event. Whatever
/// the timing, every answer is either a 429 with Retry-After and the error body before any byte, or a 200 whose
/// stream ends with [DONE] and no error event (no late refusal inside a started stream) and whose report shows all
/// three waves; the hung-up ones free their rows; afterwards the scheduler is idle.
/// </summary>
public sealed class OverloadTests(OverloadServer server) : IClassFixture<OverloadServer>
{
    private const int Clients = 4 * OverloadServer.Capacity;
    private const int RequestsPerClient = 6;

    private static string Body(bool stream) => Api.Chat(
            "\"ignore_eos\":true," + (stream ? "\"stream\":true," : "") +
            "\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":6,\"early_stop\":{\"rule\":\"esc\",\"window\":6,\"wave_size\":2}}")
        .Replace("\"max_tokens\":4", "\"max_tokens\":6");

    [Fact]
    public async Task Four_times_capacity_of_early_stopping_streams_gets_no_error_inside_a_stream_and_no_late_429()
    {
        // Every client sends its next request as soon as it has an answer (429s included), so the queue stays full
        // while the admitted requests submit their later waves.
        var clients = Enumerable.Range(0, Clients).Select(async c =>
        {
            var mine = new List<Outcome>();
            for (var i = 0; i < RequestsPerClient; i++) mine.Add(await SendAsync(((c + i) % 4) switch { 3 => Kind.Whole, 2 => Kind.HangUp, _ => Kind.Stream }));
            return mine;
        });
        var outcomes = (await Task.WhenAll(clients)).SelectMany(o => o).ToList();

        Assert.All(outcomes, o => Assert.True(o.Problem is null, $"{o.Kind}: {o.Problem}"));
        // Which requests win a place in the queue is timing: on a loaded machine every whole (non-streamed) request of the
        // storm has been refused, so a whole request's success is checked after it, below; streams are half the storm.
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.OK && o.Kind == Kind.Stream);
        Assert.Contains(outcomes, o => o.Kind == Kind.Whole);

        var scheduler = server.Services.GetRequiredService<ModelCatalog>().Models.Single().Scheduler!;
        await Eventually.TrueAsync(() => scheduler.Stats is { ActiveRows: 0, QueuedRequests: 0, ReservedKvTokens: 0 }, "the scheduler going idle");
        Assert.Equal(HttpStatusCode.OK, (await server.Http.PostAsync("v1/chat/completions", Body(stream: false))).Status);
    }

    private enum Kind
    {
        Stream,
        Whole,
        HangUp,
    }

    private sealed record Outcome(Kind Kind, HttpStatusCode Status, string? Problem);

    private async Task<Outcome> SendAsync(Kind kind)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(Body(kind != Kind.Whole), System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = response.StatusCode;
        if (status == HttpStatusCode.TooManyRequests)
        {
            var refusal = await Api.ReadAsync(response);
            var problem = refusal.ErrorCode != "queue_full" ? $"429 without the queue_full error body: {refusal.Text}"
                : response.Headers.RetryAfter is null ? "429 without Retry-After" : null;
            return new Outcome(kind, status, problem);
        }
        if (status != HttpStatusCode.OK) return new Outcome(kind, status, $"status {(int)status}: {await response.Content.ReadAsStringAsync()}");
        if (kind == Kind.HangUp)
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            await reader.ReadLineAsync(); // the first progress comment, then the client goes away
            return new Outcome(kind, status, null);
        }
        var text = await response.Content.ReadAsStringAsync();
        if (kind == Kind.Whole)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(text)!;
            return new Outcome(kind, status, json["test_time_scaling"]?["waves"]?.GetValue<int>() == 3 ? null : $"not three waves: {text}");
        }
        var problemInStream = text.Contains("\"error\"", StringComparison.Ordinal) ? $"error inside a started stream: {text}"
            : !text.TrimEnd().EndsWith("data: [DONE]", StringComparison.Ordinal) ? $"stream without [DONE]: {text}"
            : !text.Contains("\"waves\":3", StringComparison.Ordinal) ? $"not three waves: {text}"
            : null;
        return new Outcome(kind, status, problemInStream);
    }
}
