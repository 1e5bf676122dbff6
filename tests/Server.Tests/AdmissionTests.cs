using System.Net;
using Inference.Testing;

namespace Inference.Server.Tests;

/// <summary>Room for the decode-loop gate's row and one two-row wave; a queue of one.</summary>
public sealed class AdmissionServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() =>
    [
        "--Scheduler:MaxBatchRows=3",
        "--Scheduler:MaxQueuedRequests=1",
        "--Scheduler:RetryAfterSeconds=3",
        "--TestTimeScaling:ProgressIntervalMilliseconds=10",
    ];
}

/// <summary>
/// Admission is a promise: a request the queue accepted is never refused later. Its early-stopping waves after the
/// first go back to the scheduler while other requests wait; they queue behind them even when the queue is at its
/// bound, instead of failing the request with a 429 after work was done (or, streamed, an error event after the 200).
/// </summary>
public sealed class AdmissionTests(AdmissionServer server) : IClassFixture<AdmissionServer>
{
    private static readonly string EarlyStop = Api.Chat(
            "\"ignore_eos\":true,\"test_time_scaling\":{\"strategy\":\"majority\",\"samples\":4,\"early_stop\":{\"rule\":\"esc\",\"window\":4,\"wave_size\":2}}")
        .Replace("\"max_tokens\":4", "\"max_tokens\":6");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_later_wave_waits_beyond_the_queue_bound_instead_of_refusing_an_accepted_request(bool stream)
    {
        var body = stream ? EarlyStop.Replace("\"ignore_eos\":true", "\"ignore_eos\":true,\"stream\":true") : EarlyStop;
        Task<Api.Reply> accepted, blocker;
        await using (var gate = await DecodeLoopGate.HoldAsync(server))
        {
            var stats = () => gate.Scheduler.Stats;
            // The early-stopping request is accepted: its first wave (2 rows: window 4 cannot be met by 2 answers, so a
            // second wave must follow) queues, then joins the gate's row in the batch.
            accepted = server.Http.PostAsync("v1/chat/completions", body);
            await Eventually.TrueAsync(() => stats().QueuedRequests == 1, "the first wave reaching the queue");
            await gate.MoveOnUntilAsync(() => stats().ActiveRows == 3);

            // A request of 3 rows fills the queue: it cannot start while the gate's row is in the batch.
            blocker = server.Http.PostAsync("v1/chat/completions", Api.Chat("\"n\":3"));
            await Eventually.TrueAsync(() => stats().QueuedRequests == 1, "the blocker filling the queue");

            // The first wave ends; the loop parks before anything else can start. The second wave must now queue,
            // beyond the bound of one, instead of failing the accepted request.
            await gate.MoveOnUntilAsync(() => stats().ActiveRows == 1);
            await Eventually.TrueAsync(() => stats().QueuedRequests == 2 || accepted.IsCompleted, "the second wave being submitted");
            if (accepted.IsCompleted) Assert.Fail($"the accepted request ended early: {(await accepted).Text}");
            Assert.Equal(2, stats().QueuedRequests);
        }

        var reply = await accepted;
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        if (stream)
        {
            Assert.DoesNotContain("\"error\"", reply.Text);
            Assert.EndsWith("data: [DONE]", reply.Text.TrimEnd());
            Assert.Contains("\"waves\":2", reply.Text);
        }
        else
        {
            Assert.Equal(2, reply.Json!["test_time_scaling"]!["waves"]!.GetValue<int>());
            Assert.Equal(4, reply.Json["test_time_scaling"]!["samples_used"]!.GetValue<int>());
        }
        Assert.Equal(HttpStatusCode.OK, (await blocker).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"stream\":true")]
    [InlineData(",\"test_time_scaling\":{\"samples\":2}")]
    [InlineData(",\"stream\":true,\"test_time_scaling\":{\"samples\":2}")]
    public async Task The_other_prompts_of_an_admitted_call_queue_past_the_bound(string extra)
    {
        Task<Api.Reply> call;
        await using (var gate = await DecodeLoopGate.HoldAsync(server))
        {
            // The first prompt takes the queue's one place; the second is part of the same admitted call.
            call = server.Http.PostAsync("v1/completions", $$"""{"model":"tiny","prompt":["1+1=","2+2="],"max_tokens":2{{extra}}}""");
            await Eventually.TrueAsync(() => gate.Scheduler.Stats.QueuedRequests == 2 || call.IsCompleted, "both prompts being submitted");
            if (call.IsCompleted) Assert.Fail($"the call ended early: {(await call).Text}");
        }
        var reply = await call;
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.DoesNotContain("\"error\"", reply.Text);
    }

    [Fact]
    public async Task A_new_request_is_still_refused_with_429_and_retry_after_before_anything_starts()
    {
        await using var gate = await DecodeLoopGate.HoldAsync(server);
        var queued = server.Http.PostAsync("v1/chat/completions", Api.Chat("\"n\":3"));
        await Eventually.TrueAsync(() => gate.Scheduler.Stats.QueuedRequests == 1, "a request filling the queue");

        const string twoPrompts = """{"model":"tiny","prompt":["1+1=","2+2="],"max_tokens":2""";
        (string Path, string Body)[] refusals =
        [
            ("v1/chat/completions", Api.Chat()),
            ("v1/chat/completions", EarlyStop),
            ("v1/chat/completions", EarlyStop.Replace("\"ignore_eos\":true", "\"ignore_eos\":true,\"stream\":true")),
            // A call with several prompts is admitted by its first: refused, none of them starts.
            ("v1/completions", twoPrompts + "}"),
            ("v1/completions", twoPrompts + ",\"stream\":true}"),
            ("v1/completions", twoPrompts + ",\"test_time_scaling\":{\"samples\":2}}"),
            ("v1/completions", twoPrompts + ",\"stream\":true,\"test_time_scaling\":{\"samples\":2}}"),
        ];
        foreach (var (path, refused) in refusals)
        {
            var reply = await server.Http.PostAsync(path, refused);
            Assert.Equal(HttpStatusCode.TooManyRequests, reply.Status);
            Assert.Equal("application/json", reply.Response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("queue_full", reply.ErrorCode);
            Assert.Equal("3", reply.Response.Headers.RetryAfter?.ToString());
            Assert.Equal(1, gate.Scheduler.Stats.QueuedRequests);
        }
        await gate.ReleaseAsync();
        Assert.Equal(HttpStatusCode.OK, (await queued).Status);
    }
}
