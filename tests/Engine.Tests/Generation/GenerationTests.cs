using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;
using Inference.Testing;

namespace Inference.Engine.Tests.Generation;

/// <summary>End-to-end generation on the third-party GPT-2 export (random weights: the text is gibberish).</summary>
public sealed class GenerationTests : IAsyncLifetime
{
    private static readonly int[] Prompt = [464, 318, 257, 332, 13, 198, 40];
    private GenerationScheduler scheduler = null!;

    public Task InitializeAsync()
    {
        scheduler = new GenerationScheduler(ModelFixtures.Gpt2, new SchedulerOptions { MaxBatchRows = 32, MaxQueuedRequests = 8 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scheduler.DisposeAsync();

    private Task<GenerationResult> Generate(SamplingParams p, int n = 1, int[]? prompt = null)
        => scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt ?? Prompt, Samples = n, Sampling = p });

    [Fact]
    public async Task ASeedMakesTheResultReproducibleAndTheSamplesDiffer()
    {
        var p = new SamplingParams { Seed = 42, MaxTokens = 24, IgnoreEos = true };
        var first = await Generate(p, n: 4);
        var second = await Generate(p, n: 4);
        Assert.Equal(first.Samples.Select(s => s.TokenIds), second.Samples.Select(s => s.TokenIds));
        Assert.Equal(first.Samples.Select(s => s.Text), second.Samples.Select(s => s.Text));
        Assert.Equal(4, first.Samples.Select(s => string.Join(",", s.TokenIds)).Distinct().Count());
        Assert.Equal([42L, 43, 44, 45], first.Samples.Select(s => s.Seed));
        var other = await Generate(p with { Seed = 7 }, n: 4);
        Assert.NotEqual(first.Samples[0].TokenIds, other.Samples[0].TokenIds);
    }

    [Fact]
    public async Task MaxTokensEndsWithLength()
    {
        var result = await Generate(new SamplingParams { Seed = 1, MaxTokens = 9, IgnoreEos = true }, n: 2);
        Assert.All(result.Samples, s =>
        {
            Assert.Equal(9, s.Length);
            Assert.Equal(FinishReason.Length, s.FinishReason);
            Assert.Equal(ModelFixtures.Gpt2.Tokenizer.Decode(s.TokenIds.ToArray(), skipSpecialTokens: true), s.Text);
        });
        Assert.Equal(18, result.CompletionTokens);
        Assert.Equal(Prompt.Length, result.PromptTokens);
    }

    [Fact]
    public async Task GreedySamplesAreIdenticalAndStopAtAStopToken()
    {
        var greedy = await Generate(new SamplingParams { Temperature = 0, MaxTokens = 12, IgnoreEos = true }, n: 3);
        Assert.Single(greedy.Samples.Select(s => string.Join(",", s.TokenIds)).Distinct());
        var tokens = greedy.Samples[0].TokenIds;
        var stopAt = tokens[4];
        var index = tokens.ToList().IndexOf(stopAt);

        var stopped = await Generate(new SamplingParams { Temperature = 0, MaxTokens = 12, IgnoreEos = true, StopTokenIds = [stopAt] });
        var s = stopped.Samples[0];
        Assert.Equal(FinishReason.Stop, s.FinishReason);
        Assert.Equal(tokens.Take(index + 1), s.TokenIds);
        Assert.Equal(ModelFixtures.Gpt2.Tokenizer.Decode(tokens.Take(index).ToArray(), skipSpecialTokens: true), s.Text);
    }

    [Fact]
    public async Task StopStringAcrossTokenBoundariesIsNotEmitted()
    {
        var p = new SamplingParams { Temperature = 0, MaxTokens = 16, IgnoreEos = true };
        var full = (await Generate(p)).Samples[0];
        var tokenizer = ModelFixtures.Gpt2.Tokenizer;
        // A stop string made of the end of token 3's text and the start of token 4's text.
        var upTo3 = tokenizer.Decode(full.TokenIds.Take(4).ToArray(), true);
        var upTo4 = tokenizer.Decode(full.TokenIds.Take(5).ToArray(), true);
        Assert.True(upTo4.Length > upTo3.Length && upTo3.Length >= 2, $"'{upTo3}' / '{upTo4}'");
        var stop = upTo3[^2..] + upTo4[upTo3.Length..][..1];
        var cut = full.Text.IndexOf(stop, StringComparison.Ordinal);

        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Sampling = p with { StopStrings = ["\u0000never", stop] } });
        var streamed = new System.Text.StringBuilder();
        await foreach (var e in handle.Events())
            streamed.Append(e switch { TokenGenerated t => t.TextDelta, SampleCompleted c => c.TextDelta, _ => "" });
        var s = (await handle.Completion).Samples[0];
        Assert.Equal(FinishReason.Stop, s.FinishReason);
        Assert.Equal(stop, s.MatchedStop);
        Assert.Equal(full.Text[..cut], s.Text);
        Assert.Equal(s.Text, streamed.ToString());
    }

    [Fact]
    public async Task StreamedDeltasConcatenateToTheFinalTextPerSample()
    {
        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 3, Sampling = new SamplingParams { Seed = 5, MaxTokens = 20, IgnoreEos = true, Logprobs = true, TopLogprobs = 2 } });
        var texts = new System.Text.StringBuilder[3].Select(_ => new System.Text.StringBuilder()).ToArray();
        var tokenEvents = new int[3];
        var interleaved = false;
        var last = -1;
        await foreach (var e in handle.Events())
        {
            if (e is TokenGenerated t)
            {
                texts[t.SampleIndex].Append(t.TextDelta);
                tokenEvents[t.SampleIndex]++;
                Assert.Equal(2, t.TopLogprobs!.Length);
                Assert.True(t.Logprob <= 0);
            }
            if (e is SampleCompleted c) texts[c.SampleIndex].Append(c.TextDelta);
            if (last >= 0 && e.SampleIndex != last) interleaved = true;
            last = e.SampleIndex;
        }
        var result = await handle.Completion;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(result.Samples[i].Text, texts[i].ToString());
            Assert.Equal(20, tokenEvents[i]);
            Assert.Equal(result.Samples[i].TokenLogprobs!.Sum(x => (double)x), result.Samples[i].LogprobSum!.Value, 4);
        }
        Assert.True(interleaved);
    }

    [Fact]
    public async Task CancellationMidDecodeFreesTheRows()
    {
        using var cts = new CancellationTokenSource();
        // The loop parks in the gate while sampling token 3, so the cancellation lands mid-decode however slowly the
        // test thread runs (waiting for the 12th token event instead let a starved test thread see all 400 tokens).
        using var gate = new StepGate(atToken: 3);
        var handle = scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 4, Sampling = new SamplingParams { Seed = 3, MaxTokens = 400, IgnoreEos = true, TemperatureSchedule = gate } }, cts.Token);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        cts.Cancel();
        gate.Release();
        var seen = 0;
        await foreach (var e in handle.Events())
            if (e is TokenGenerated) seen++;
        var result = await handle.Completion;
        Assert.All(result.Samples, s => Assert.Equal(FinishReason.Cancelled, s.FinishReason));
        Assert.All(result.Samples, s => Assert.InRange(s.Length, 1, 399));
        Assert.InRange(seen, 12, 4 * 399);
        // The result is published as the rows are cancelled, just before the loop compacts the batch and writes the
        // stats: wait for that settled state (it cannot come and go) instead of reading it at one instant.
        await Eventually.TrueAsync(() => scheduler.Stats is { ActiveRows: 0, ReservedKvTokens: 0 }, "the cancelled rows leaving the batch");
        // The scheduler keeps serving.
        Assert.Equal(5, (await Generate(new SamplingParams { Seed = 1, MaxTokens = 5, IgnoreEos = true })).Samples[0].Length);
    }

    [Fact]
    public async Task InvalidRequestsFailAtSubmit()
    {
        Assert.Throws<Inference.Engine.Packages.TokenIdOutOfRangeException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = [1, 2, 5000] }));
        Assert.Throws<ContextLengthExceededException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Sampling = new SamplingParams { MaxTokens = 510 } }));
        Assert.Equal("top_p", Assert.Throws<InvalidSamplingParameterException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Sampling = new SamplingParams { TopP = 0 } })).Parameter);
        Assert.Equal("n", Assert.Throws<RequestTooLargeException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = Prompt, Samples = 33 })).Parameter);
        Assert.Throws<EmptyPromptException>(() => scheduler.Submit(new GenerationRequest { PromptTokens = [] }));
        Assert.Equal(0, scheduler.Stats.QueuedRequests);
        Assert.Equal(0, scheduler.Stats.ActiveRows);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ConcurrentRequestsGetTheSameTokensAsAlone()
    {
        int[][] prompts = [Prompt, [11, 22, 33], [500, 600, 700, 800, 900, 10, 20, 30, 40, 50, 60]];
        var p = new SamplingParams { Seed = 9, MaxTokens = 30, IgnoreEos = true };
        var alone = new List<GenerationResult>();
        foreach (var prompt in prompts) alone.Add(await Generate(p, n: 2, prompt: prompt));

        // Staggered submissions join a running batch at different steps, with different prompt lengths: each one is
        // submitted while the previous request has the loop parked at its token 5 (a gate with the same constant
        // temperature of 1), so it joins mid-decode on any machine; a 15 ms sleep between submissions did not ensure
        // that (a slow test thread could submit after the previous request ended).
        var tasks = new List<Task<GenerationResult>>();
        var gates = new List<StepGate>();
        try
        {
            for (var i = 0; i < prompts.Length; i++)
            {
                // Made on the thread that submits, so Submit's validation calls do not block (see StepGate).
                gates.Add(new StepGate(atToken: 5));
                tasks.Add(Generate(p with { TemperatureSchedule = gates[i] }, n: 2, prompt: prompts[i]));
                if (i > 0) gates[i - 1].Release();
                await gates[i].Reached.WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(2 * (i + 1), scheduler.Stats.ActiveRows); // every earlier request is still decoding
            }
            gates[^1].Release();
            var together = await Task.WhenAll(tasks);
            for (var i = 0; i < prompts.Length; i++)
                Assert.Equal(alone[i].Samples.Select(s => s.TokenIds), together[i].Samples.Select(s => s.TokenIds));
        }
        finally
        {
            foreach (var gate in gates) gate.Dispose();
        }
    }
}
