using System.Text.Json;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;
using Inference.Testing;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// Batching never changes an answer, on every export layout: (a) a greedy request gives the same tokens alone and in
/// a batch with requests of other prompt lengths that join and leave at other steps; (b) so does a seeded sampled
/// request; (c) n samples of one prompt in one batch are the samples drawn one by one with seeds seed + i; and the
/// builder exports reproduce onnxruntime-genai's greedy ids while batched. Requests join a running batch for real:
/// each is submitted while the decode loop is held inside the previous one's third token.
/// </summary>
public sealed class BatchInvarianceTests
{
    public static IEnumerable<object[]> Models() => ModelFixtures.DecoderModels().Select(m => new object[] { m });

    private static readonly int[] Lengths = [1, 9, 4, 23, 13];
    private static readonly int[] MaxTokens = [24, 10, 18, 6, 14];

    private static int[][] Prompts(int vocab) =>
        Lengths.Select((length, p) => Enumerable.Range(0, length).Select(i => ((p * 37) + (i * 11) + 5) % vocab).ToArray()).ToArray();

    [Theory]
    [MemberData(nameof(Models))]
    public async Task GreedyRequestsGiveTheSameTokensAloneAndBatched(string model)
    {
        var package = ModelFixtures.Load(model);
        var prompts = Prompts(package.Descriptor.VocabSize);
        SamplingParams Greedy(int i) => new() { Temperature = 0, MaxTokens = MaxTokens[i], IgnoreEos = true };
        var alone = await Alone(package, prompts, Greedy);
        var batched = await Staggered(package, prompts, Greedy, temperature: 0);
        for (var i = 0; i < prompts.Length; i++)
            Assert.True(alone[i].SequenceEqual(batched[i]), $"{model}, prompt {i}: alone [{string.Join(",", alone[i])}] batched [{string.Join(",", batched[i])}]");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task SeededSampledRequestsGiveTheSameTokensAloneAndBatched(string model)
    {
        var package = ModelFixtures.Load(model);
        var prompts = Prompts(package.Descriptor.VocabSize);
        SamplingParams Sampled(int i) => new() { Temperature = 1.0, TopP = 0.95, Seed = 100 + i, MaxTokens = MaxTokens[i], IgnoreEos = true };
        var alone = await Alone(package, prompts, Sampled);
        var batched = await Staggered(package, prompts, Sampled, temperature: 1);
        for (var i = 0; i < prompts.Length; i++)
            Assert.True(alone[i].SequenceEqual(batched[i]), $"{model}, prompt {i}: alone [{string.Join(",", alone[i])}] batched [{string.Join(",", batched[i])}]");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task SamplesOfOnePromptInOneBatchAreTheSamplesDrawnOneByOne(string model)
    {
        var package = ModelFixtures.Load(model);
        var prompt = Prompts(package.Descriptor.VocabSize)[1];
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = 8 });
        var p = new SamplingParams { Temperature = 1.0, Seed = 42, MaxTokens = 16, IgnoreEos = true };
        var together = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 6, Sampling = p });
        for (var i = 0; i < 6; i++)
        {
            var single = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Sampling = p with { Seed = 42 + i } });
            Assert.Equal(single.Samples[0].TokenIds, together.Samples[i].TokenIds);
            Assert.Equal(42 + i, together.Samples[i].Seed);
        }
        Assert.True(together.Samples.Select(s => string.Join(",", s.TokenIds)).Distinct().Count() > 1, "the samples differ from one another");
    }

    [Theory]
    [InlineData("gqa-fp32")]
    [InlineData("gqa-int4")]
    public async Task WhereRowsCannotBeCopiedEachSampleIsPrefilledAndTheSamplesAreTheSame(string model)
    {
        // A cache in device memory (CUDA) cannot copy a prompt's rows into the other samples' slots; the scheduler then
        // prefills each slot. The same host cache made to behave so must give the same samples.
        var package = ModelFixtures.Load(model);
        var prompt = Prompts(package.Descriptor.VocabSize)[3];
        var p = new SamplingParams { Temperature = 1.0, Seed = 5, MaxTokens = 12, IgnoreEos = true };
        await using var copying = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = 4 });
        await using var prefilling = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = 4 }, null, copyRows: false);
        var copied = await copying.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 4, Sampling = p });
        var prefilled = await prefilling.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 4, Sampling = p });
        for (var i = 0; i < 4; i++) Assert.Equal(copied.Samples[i].TokenIds, prefilled.Samples[i].TokenIds);
    }

    [Theory]
    [InlineData("gqa-fp32")]
    [InlineData("gqa-int4")]
    [InlineData("mha-fp16")]
    public async Task BuilderExportsReproduceGenAisGreedyIdsWhileBatched(string fixture)
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(ModelFixtures.Path(Path.Combine(fixture, "greedy_reference.json"))));
        var cases = reference.RootElement.GetProperty("cases").EnumerateArray().Select(c => (
            Prompt: c.GetProperty("prompt_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            GenAi: c.GetProperty("genai_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            Stopped: c.GetProperty("stopped_at_eos").GetBoolean())).ToArray();
        var package = ModelFixtures.Load(fixture);
        SamplingParams Greedy(int i) => new() { Temperature = 0, MaxTokens = cases[i].GenAi.Length + (cases[i].Stopped ? 1 : 0) };
        var batched = await Staggered(package, cases.Select(c => c.Prompt).ToArray(), Greedy, temperature: 0);
        for (var i = 0; i < cases.Length; i++)
        {
            var ids = cases[i].Stopped ? batched[i][..^1] : batched[i];
            Assert.True(cases[i].GenAi.SequenceEqual(ids), $"{fixture}, case {i}: GenAI [{string.Join(",", cases[i].GenAi)}] batched [{string.Join(",", ids)}]");
        }
    }

    private static async Task<int[][]> Alone(ModelPackage package, int[][] prompts, Func<int, SamplingParams> sampling)
    {
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = 8 });
        var results = new int[prompts.Length][];
        for (var i = 0; i < prompts.Length; i++)
            results[i] = (await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompts[i], Sampling = sampling(i) })).Samples[0].TokenIds.ToArray();
        return results;
    }

    /// <summary>
    /// Submits request i while the decode loop is held inside request i-1's third token, so each joins a running
    /// batch; their different max_tokens make them leave at different steps.
    /// </summary>
    private static async Task<int[][]> Staggered(ModelPackage package, int[][] prompts, Func<int, SamplingParams> sampling, double temperature)
    {
        await using var scheduler = new GenerationScheduler(package, new SchedulerOptions { MaxBatchRows = 8 });
        var handles = new GenerationHandle[prompts.Length];
        var gates = new List<StepGate>();
        try
        {
            StepGate? previous = null;
            for (var i = 0; i < prompts.Length; i++)
            {
                // A gate blocks every thread but its creator, and submitting calls the schedule: make it on this thread.
                var gate = new StepGate(atToken: 2, temperature);
                gates.Add(gate);
                var p = sampling(i);
                handles[i] = scheduler.Submit(new GenerationRequest
                {
                    PromptTokens = prompts[i], Stream = false,
                    Sampling = p with { TemperatureSchedule = gate },
                });
                previous?.Release();
                await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                Assert.Equal(i + 1, scheduler.Stats.ActiveRows);
                previous = gate;
            }
            previous?.Release();
            var results = await Task.WhenAll(handles.Select(h => h.Completion)).WaitAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
            return results.Select(r => r.Samples[0].TokenIds.ToArray()).ToArray();
        }
        finally
        {
            foreach (var gate in gates) gate.Dispose();
        }
    }
}
