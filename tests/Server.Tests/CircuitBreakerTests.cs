using System.Text.Json.Nodes;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Pipeline.Sources;
using Inference.Server.ScaleOut;
using Inference.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Inference.Server.Tests;

/// <summary>
/// The circuit breaker of a backend endpoint (Microsoft.Extensions.Http.Resilience, as <see cref="BackendPools"/>
/// registers it) against a real replica of this server: frozen, its chunks time out until the breaker opens; back up,
/// it is still not asked while the breaker is open (the chunk fails at once, for the pool to redraw elsewhere); once
/// the break has passed (a FakeTimeProvider's clock) it is asked again and answers.
/// </summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task A_backend_that_keeps_failing_is_skipped_while_its_breaker_is_open_and_asked_again_after_the_break()
    {
        await using var replica = await ServerProcess.StartAsync("--reward-model", "none");
        var time = new FakeTimeProvider();
        await using var provider = BackendServices.Build(new Dictionary<string, string?>
        {
            ["Backends:replicas:Endpoints:0"] = replica.BaseAddress.AbsoluteUri,
            ["Backends:replicas:TimeoutSeconds"] = "1",
            ["Backends:replicas:BreakerMinimumThroughput"] = "2",
            ["Backends:replicas:BreakerFailureRatio"] = "0.5",
            ["Backends:replicas:BreakerSamplingSeconds"] = "3600",
            ["Backends:replicas:BreakerBreakSeconds"] = "10",
        }, time);
        var backend = (OpenAiSampleSource)(await provider.GetRequiredService<BackendPools>()
            .BackendMembersAsync("arith-lm", ["arith-lm"], CancellationToken.None)).Single().Source;
        var draw = new SampleDraw([], new SamplingParams { MaxTokens = 8 }, 1, 0, 2, QueueAdmission.New, new UpstreamRequest(JsonNode.Parse("""
            {"model": "arith-lm", "messages": [{"role": "user", "content": "Compute 2+3."}], "max_tokens": 8}
            """)!.AsObject()));
        Task<DrawnSamples> Draw() => backend.DrawAsync(draw, new SamplingProgress(null, 2, 0, 0), CancellationToken.None);

        // Frozen: each chunk hangs until its 1 s timeout (on the fake clock) fails it. Two failures open the breaker.
        replica.Pause();
        for (var i = 0; i < 2; i++)
        {
            var hanging = Draw();
            await Eventually.TrueAsync(() =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(hanging.IsCompleted);
            }, "the chunk to time out");
            await Assert.ThrowsAnyAsync<Exception>(() => hanging);
            Assert.IsNotType<BrokenCircuitException>(hanging.Exception!.InnerException);
        }

        // Running again, but the breaker is open: the chunk fails at once without reaching the replica.
        replica.Resume();
        var skipped = await Assert.ThrowsAsync<BrokenCircuitException>(Draw);
        Assert.Contains("circuit", skipped.Message, StringComparison.OrdinalIgnoreCase);

        // The break passed: the replica is asked again and its samples arrive.
        time.Advance(TimeSpan.FromSeconds(10));
        var drawn = await Draw();
        Assert.Equal(2, drawn.Samples.Count);
        Assert.Equal([0, 1], drawn.Samples.Select(s => s.Index));
    }
}
