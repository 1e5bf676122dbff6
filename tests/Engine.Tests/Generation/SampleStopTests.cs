using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Sampling.Schedules;
using Inference.Engine.Tests.Packages;
using Inference.Testing;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// Stopping some samples of a request (<see cref="GenerationHandle.StopSamples"/>, what early rejection uses) on every
/// export layout: the stopped rows leave the batch at the next step and free their KV slots, they keep exactly the
/// tokens they had, and the surviving rows give token for token what they give in the same request left unpruned.
/// The stop is asked while the decode loop is held inside a step, so where it lands is deterministic.
/// </summary>
public sealed class SampleStopTests
{
    public static IEnumerable<object[]> Models() => ModelFixtures.DecoderModels().Select(m => new object[] { m });

    private const int Samples = 6;
    private const int StopAt = 4; // the loop is held while it samples token index 4, i.e. the 5th token
    private static readonly int[] Stopped = [1, 3, 4];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task StoppedRowsLeaveAtTheNextStepAndTheSurvivorsAreUnchanged(string model)
    {
        var package = ModelFixtures.Load(model);
        var prompt = Enumerable.Range(0, 7).Select(i => ((i * 13) + 3) % package.Descriptor.VocabSize).ToArray();
        var sampling = new SamplingParams { Temperature = 1.0, Seed = 31, MaxTokens = 14, IgnoreEos = true };
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = 8 });

        using var open = new StepGate(atToken: -1);
        var unpruned = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = Samples, Sampling = sampling with { TemperatureSchedule = open },
        });

        using var stopGate = new StepGate(atToken: StopAt);
        using var afterGate = new StepGate(atToken: StopAt + 2);
        var handle = scheduler.Submit(new GenerationRequest
        {
            PromptTokens = prompt, Samples = Samples, Stream = false,
            Sampling = sampling with { TemperatureSchedule = new BothGates(stopGate, afterGate) },
        });
        await stopGate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Samples, scheduler.Stats.ActiveRows);
        handle.StopSamples(Stopped.Append(99)); // an unknown index is ignored
        stopGate.Release();
        await afterGate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        // The step after the stop decoded only the survivors: the stopped rows' slots were already free.
        Assert.Equal(Samples - Stopped.Length, scheduler.Stats.ActiveRows);
        afterGate.Release();
        var pruned = await handle.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        for (var i = 0; i < Samples; i++)
        {
            var reference = unpruned.Samples[i];
            var sample = pruned.Samples[i];
            if (Stopped.Contains(i))
            {
                Assert.Equal(FinishReason.Rejected, sample.FinishReason);
                Assert.Equal(reference.TokenIds.Take(StopAt + 1), sample.TokenIds);
            }
            else
            {
                Assert.Equal(reference.TokenIds, sample.TokenIds);
                Assert.Equal(reference.FinishReason, sample.FinishReason);
            }
        }
        Assert.Equal(0, scheduler.Stats.ActiveRows);
        Assert.Equal(0, scheduler.Stats.ReservedKvTokens);
    }

    [Fact]
    public async Task StoppingAFinishedSampleKeepsItsResult()
    {
        var package = ModelFixtures.Load("gqa-fp32");
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = 4 });
        var sampling = new SamplingParams { Temperature = 1.0, Seed = 3, MaxTokens = 5, IgnoreEos = true };
        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], Samples = 2, Sampling = sampling, Stream = false });
        var result = await handle.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        handle.StopSamples([0, 1]);
        Assert.All(result.Samples, s => Assert.Equal(FinishReason.Length, s.FinishReason));
        Assert.All(result.Samples, s => Assert.Equal(5, s.Length));
    }

    /// <summary>Constant temperature 1 that passes through two gates (each blocks once, at its own token).</summary>
    private sealed class BothGates(StepGate first, StepGate second) : ITemperatureSchedule
    {
        public string Name => "gates";

        public double At(int t)
        {
            first.At(t);
            return second.At(t);
        }
    }
}
