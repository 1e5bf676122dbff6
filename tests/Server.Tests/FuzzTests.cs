using System.Net;
using System.Text;
using Inference.Fuzz.Generation;
using Inference.Fuzz.Running;
using Inference.Server.Models;
using Inference.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inference.Server.Tests;

/// <summary>A server with small generation caps (valid fuzz bodies finish fast) and the default 1 MiB body limit.</summary>
public sealed class FuzzServer : ServerFixture
{
    protected override IEnumerable<string> Arguments() =>
    [
        "--Limits:MaxBodyBytes=1048576",
        "--Limits:MaxTokens=16",
        "--Limits:MaxN=4",
        "--Limits:MaxSamples=8",
        "--Limits:MaxPrompts=4",
        "--Verifiers:Http:offline:Endpoint=http://127.0.0.1:9/verify",
        "--Verifiers:Http:offline:TotalTimeout=00:00:01",
        "--Verifiers:Http:offline:MaxRetryAttempts=0",
        "--TestTimeScaling:ProgressIntervalMilliseconds=10",
    ];
}

/// <summary>
/// The seeded structure-aware fuzz (tools/Fuzz's generator and checks) at CI size: 10,000 mutated bodies over every
/// JSON route, 8 at a time. No answer may be a 5xx, every 4xx carries the OpenAI error body with a message, every
/// stream that starts ends with [DONE] and no error event, and nothing hangs (each request has its own 60 s bound).
/// Afterwards the scheduler is idle and the server still answers. `dotnet run --project tools/Fuzz` runs the same
/// generator for long runs against a running server.
/// </summary>
public sealed class FuzzTests(FuzzServer server) : IClassFixture<FuzzServer>
{
    public const int Seed = 14;
    public const int Bodies = 10_000;

    [Fact]
    public async Task Generated_bodies_get_no_5xx_no_hang_and_an_error_body_on_every_4xx()
    {
        var vocab = (await server.Http.GetJsonAsync($"v1/models/{TestModels.Id}")).Json!["vocab_size"]!.GetValue<int>();
        var generator = new FuzzGenerator(Seed, new FuzzTarget(TestModels.Id, vocab));
        using var http = FuzzRunner.CreateClient(8);
        var summary = await new FuzzRunner(http, server.BaseAddress, TimeSpan.FromSeconds(60)).RunAsync(generator, 0, Bodies, 8, null, default);

        Assert.Equal(Bodies, summary.Sent);
        Assert.True(summary.Failed == 0, Describe(summary));
        Assert.Equal(0, summary.ServerErrors);
        Assert.Equal(0, summary.Hangs);
        // The run reached both the success and the refusal paths of every route.
        foreach (var route in new[] { "/v1/chat/completions", "/v1/completions", "/tokenize", "/detokenize", "/apply-template" })
        {
            Assert.True(summary.ByRoute[route].GetValueOrDefault(200) > 10, $"{route}: {Describe(summary)}");
            Assert.True(summary.ByRoute[route].GetValueOrDefault(400) > 10, $"{route}: {Describe(summary)}");
        }

        var scheduler = server.Services.GetRequiredService<ModelCatalog>().Models.Single().Scheduler!;
        await Eventually.TrueAsync(() => scheduler.Stats is { ActiveRows: 0, QueuedRequests: 0, ReservedKvTokens: 0 }, "the scheduler going idle");
        var ok = await server.Http.PostAsync("v1/chat/completions", Api.Chat());
        Assert.Equal(HttpStatusCode.OK, ok.Status);
    }

    [Fact]
    public void The_generator_is_deterministic_for_a_seed_and_index()
    {
        var target = new FuzzTarget("m", 99);
        var a = new FuzzGenerator(7, target);
        var b = new FuzzGenerator(7, target);
        for (var i = 0; i < 300; i++)
        {
            var (x, y) = (a.Create(i), b.Create(i));
            Assert.Equal(x.ToString(), y.ToString());
            Assert.Equal(x.Body, y.Body);
        }
        Assert.NotEqual(new FuzzGenerator(8, target).Create(3).Body, a.Create(3).Body);
        // Case seeds do not depend on the process (a failure found by the long run reproduces in another one); the values
        // are SplitMix64 of (seed, index) as computed independently in Python.
        Assert.Equal([1678426041, -774639767, 2042939010], new long[] { 0, 1, 99_349 }.Select(i => FuzzGenerator.CaseSeed(14, i)));
    }

    [Fact]
    public void The_generator_writes_the_hostile_text_it_claims_to()
    {
        var generator = new FuzzGenerator(Seed, new FuzzTarget("m", 99));
        var cases = Enumerable.Range(0, 3000).Select(i => generator.Create(i)).ToList();
        var bodies = cases.Select(c => c.Body).ToList();
        Assert.Contains(bodies, b => Encoding.ASCII.GetString(b).Contains("\\ud83d", StringComparison.Ordinal) && !Encoding.ASCII.GetString(b).Contains("\\ude", StringComparison.Ordinal));
        Assert.Contains(bodies, b => !IsUtf8(b));
        Assert.Contains(bodies, b => Encoding.ASCII.GetString(b).Contains("1e400", StringComparison.Ordinal));
        Assert.Contains(bodies, b => Encoding.ASCII.GetString(b).Contains(new string('[', 70), StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Mutations.Any(m => m.StartsWith("duplicate key", StringComparison.Ordinal)));
        Assert.Contains(cases, c => c.Mutations.Any(m => m.StartsWith("content-type", StringComparison.Ordinal)));
        Assert.Contains(cases, c => c.Mutations.Count == 0);
        Assert.DoesNotContain(bodies, b => Encoding.ASCII.GetString(b).Contains("~!~", StringComparison.Ordinal));
        foreach (var seed in new[] { "chat", "chat+tts", "completions", "completions+tts", "tokenize", "detokenize", "apply-template" })
            Assert.Contains(cases, c => c.Seed == seed);
    }

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static string Describe(FuzzSummary summary) =>
        $"{summary.Sent} sent, {summary.Failed} failed, {summary.ServerErrors} 5xx, {summary.Hangs} hangs; statuses " +
        string.Join(", ", summary.ByRoute.Select(r => $"{r.Key}: {string.Join(" ", r.Value.Select(s => $"{s.Key}x{s.Value}"))}")) +
        "\n" + string.Join("\n", summary.Failures.Take(20).Select(f => $"{f.Case} -> {f.Status}: {f.Problem}"));
}
