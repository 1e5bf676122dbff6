using System.Net;
using System.Text.Json.Nodes;
using Inference.Server.Models;
using Inference.Testing;
using Inference.Verifiers;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Inference.Server.Tests;

/// <summary>
/// A server whose external verifiers "chaos" and "impatient" both call a <see cref="ChaosVerifierService"/>, and whose
/// reward model is the failing-reward fixture, a real ONNX model that fails on every run.
/// </summary>
public sealed class ChaosServer : ServerFixture
{
    public ChaosVerifierService Service { get; private set; } = null!;

    protected override async Task BeforeStartAsync() => Service = await ChaosVerifierService.StartAsync();

    protected override async Task AfterStopAsync() => await Service.DisposeAsync();

    protected override IEnumerable<string> Arguments() =>
    [
        "--reward-model", Path.Combine(AppContext.BaseDirectory, "fixtures", "failing-reward"),
        // "chaos" waits long enough that a loaded machine never turns an answer into a timeout; "impatient" gives up
        // after 300 ms, for the service that hangs. Both: one retry, a breaker that opens after 4 failing attempts
        // and lets a probe through after 1 s.
        .. Verifier("chaos", "00:01:00"),
        .. Verifier("impatient", "00:00:00.300"),
    ];

    private IEnumerable<string> Verifier(string name, string attemptTimeout) =>
    [
        $"--Verifiers:Http:{name}:Endpoint={Service.Endpoint}",
        $"--Verifiers:Http:{name}:AttemptTimeout={attemptTimeout}",
        $"--Verifiers:Http:{name}:TotalTimeout=00:05:00",
        $"--Verifiers:Http:{name}:MaxRetryAttempts=1",
        $"--Verifiers:Http:{name}:RetryBaseDelay=00:00:00.010",
        $"--Verifiers:Http:{name}:RetryMaxDelay=00:00:00.020",
        $"--Verifiers:Http:{name}:BreakerFailureRatio=0.5",
        $"--Verifiers:Http:{name}:BreakerMinimumThroughput=4",
        $"--Verifiers:Http:{name}:BreakerSamplingDuration=00:00:30",
        $"--Verifiers:Http:{name}:BreakerBreakDuration=00:00:01",
        $"--Verifiers:Http:{name}:MaxDegreeOfParallelism=4",
    ];

    public HttpVerifier Verifier(string name) => Services.GetRequiredService<ExternalVerifiers>()[name];
}

/// <summary>
/// Verifier chaos under concurrent load: the external verifier answers garbage, hangs, throws, flaps and recovers
/// while requests ranked by the (failing) reward model run alongside. Every request completes (200, streamed or not)
/// with the verdicts it could not get marked unverified and the report saying why; the circuit opens on repeated
/// failures and closes once the service is healthy again; hung calls are abandoned, not left running; afterwards the
/// scheduler is idle.
/// </summary>
public sealed class VerifierChaosTests(ChaosServer server) : IClassFixture<ChaosServer>
{
    private const int Samples = 3;

    private static string External(bool stream, string verifier) => Body(stream,
        $$"""{"strategy":"majority","samples":{{Samples}},"verifiers":[{"type":"external","name":"{{verifier}}"}],"return_candidates":true}""");

    private static string Reward(bool stream) => Body(stream, $$"""{"strategy":"best_of_n","samples":{{Samples}},"return_candidates":true}""");

    private static string Body(bool stream, string tts) =>
        Api.Chat((stream ? "\"stream\":true," : "") + "\"ignore_eos\":true,\"test_time_scaling\":" + tts).Replace("\"max_tokens\":4", "\"max_tokens\":6");

    [Fact]
    public async Task Requests_complete_unverified_with_the_reason_while_the_verifier_fails_and_the_circuit_opens_and_closes()
    {
        var service = server.Service;
        await RecoverAsync("chaos");

        // Garbage: a 200 the client cannot read. Not a transient failure, so the circuit stays closed.
        service.Mode = ChaosVerifierService.Behaviour.Garbage;
        AssertUnverified(await LoadAsync("chaos"), "chaos", "not the expected JSON");
        Assert.Equal(CircuitState.Closed, server.Verifier("chaos").CircuitState);

        // Throw: HTTP 500 on every attempt (retried once); the failures open the circuit, later calls fail fast on it.
        service.Mode = ChaosVerifierService.Behaviour.Throw;
        AssertUnverified(await LoadAsync("chaos"), "chaos", "service answered HTTP 500", "circuit open");
        Assert.Equal(CircuitState.Open, server.Verifier("chaos").CircuitState);
        await RecoverAsync("chaos");

        // Hang: every attempt of the impatient verifier times out, which opens its circuit too; the hung calls are
        // abandoned (their connections closed), so none is left running at the service.
        await RecoverAsync("impatient");
        service.Mode = ChaosVerifierService.Behaviour.Hang;
        var callsBefore = service.Calls;
        AssertUnverified(await LoadAsync("impatient"), "impatient", "timed out after 300 ms", "circuit open");
        Assert.Equal(CircuitState.Open, server.Verifier("impatient").CircuitState);
        Assert.True(service.Calls > callsBefore, "the hanging service was called");
        await Eventually.TrueAsync(() => service.InFlight == 0, "every hung call being abandoned by the client");
        await RecoverAsync("impatient");

        // Flap: every other call fails; requests complete, each candidate verified or unverified with a reason.
        service.Mode = ChaosVerifierService.Behaviour.Flap;
        foreach (var report in await LoadAsync("chaos"))
            foreach (var verdict in Verdicts(report.External, "chaos"))
                Assert.True(verdict["status"]!.GetValue<string>() is "accepted" or "rejected" || Reason(verdict).Length > 0, verdict.ToJsonString());

        await RecoverAsync("chaos");
        var healthy = await LoadAsync("chaos");
        Assert.All(healthy, r => Assert.Equal(0, Run(r.External, "chaos")["unverified"]!.GetValue<int>()));

        await Eventually.TrueAsync(() => service.InFlight == 0, "no call left running at the service");
        var scheduler = server.Services.GetRequiredService<ModelCatalog>().Models.Single().Scheduler!;
        await Eventually.TrueAsync(() => scheduler.Stats is { ActiveRows: 0, QueuedRequests: 0, ReservedKvTokens: 0 }, "the scheduler going idle");
    }

    /// <summary>Healthy again: after the break, a probe call closes the circuit (each round sends one request).</summary>
    private async Task RecoverAsync(string verifier)
    {
        server.Service.Mode = ChaosVerifierService.Behaviour.Healthy;
        await Eventually.TrueAsync(async () =>
        {
            var reply = await server.Http.PostAsync("v1/chat/completions", External(stream: false, verifier));
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            return server.Verifier(verifier).CircuitState == CircuitState.Closed
                   && Run(reply.Json!["test_time_scaling"]!, verifier)["unverified"]!.GetValue<int>() == 0;
        }, $"the circuit of {verifier} closing once the service is healthy");
    }

    private sealed record Reports(JsonNode External, JsonNode Reward);

    /// <summary>Eight requests at once, half streamed: six that use the external verifier, two ranked by the reward model,
    /// which fails on every run (so they fall back to majority voting and say why).</summary>
    private async Task<IReadOnlyList<Reports>> LoadAsync(string verifier)
    {
        var external = Enumerable.Range(0, 6).Select(i => SendAsync(External(stream: i % 2 == 0, verifier))).ToList();
        var reward = Enumerable.Range(0, 2).Select(i => SendAsync(Reward(stream: i % 2 == 0))).ToList();
        var e = await Task.WhenAll(external);
        var r = await Task.WhenAll(reward);
        foreach (var report in r)
        {
            Assert.Contains("fell back to majority voting", report["fallback"]!.GetValue<string>());
            var run = Run(report, "reward_model");
            Assert.Equal(Samples, run["unverified"]!.GetValue<int>());
            Assert.Contains("OrtException", string.Join(" ", run["unverified_reasons"]!.AsObject().Select(kv => kv.Key)));
        }
        return e.Select((x, i) => new Reports(x, r[i % r.Length])).ToList();
    }

    /// <summary>Sends one request and returns its test_time_scaling report (from the JSON body or the stream's last chunk).</summary>
    private async Task<JsonNode> SendAsync(string body)
    {
        var reply = await server.Http.PostAsync("v1/chat/completions", body);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        if (reply.Json is { } json) return json["test_time_scaling"]!;
        Assert.DoesNotContain("\"error\"", reply.Text);
        Assert.EndsWith("data: [DONE]", reply.Text.TrimEnd());
        return Sse.Parse(reply.Text).Chunks.Last(c => c["test_time_scaling"] is not null)["test_time_scaling"]!;
    }

    private static void AssertUnverified(IReadOnlyList<Reports> reports, string verifier, params string[] reasons)
    {
        foreach (var report in reports)
        {
            var run = Run(report.External, verifier);
            Assert.Equal(Samples, run["unverified"]!.GetValue<int>());
            var given = run["unverified_reasons"]!.AsObject().Select(kv => kv.Key).ToList();
            Assert.All(given, reason => Assert.True(reasons.Any(r => reason.Contains(r, StringComparison.Ordinal)), reason));
            Assert.All(Verdicts(report.External, verifier), v => Assert.Equal("unverified", v["status"]!.GetValue<string>()));
        }
    }

    private static JsonNode Run(JsonNode report, string verifier) =>
        report["verifiers"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == verifier)!;

    private static IEnumerable<JsonNode> Verdicts(JsonNode report, string verifier) =>
        report["candidates"]!.AsArray().Select(c => c!["verdicts"]![verifier]!);

    private static string Reason(JsonNode verdict) => verdict["reason"]?.GetValue<string>() ?? "";
}
