using Inference.Engine.Decoding;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Packages;
using Inference.Engine.Tests.Packages;
using Inference.Testing;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// Prompt scoring (echo + logprobs): the scheduler's prompt log-probabilities must equal the log-softmax of the
/// model's logits computed independently (<see cref="FullRecompute"/>, the plain ONNX Runtime API, no cache).
/// </summary>
public sealed class PromptLogprobsTests
{
    public static TheoryData<string> Models() => new("tiny-random-gpt2-fp32", "bundled arith-lm");

    private static int[] BasePrompt(int vocab) => new[] { 5, 17, 42, 99, 7, 3 }.Select(i => i % vocab).ToArray();

    /// <summary>log-softmax of the logits after each prefix, each prefix recomputed whole (batch 1, no cache).</summary>
    private static double[][] IndependentLogSoftmax(ModelPackage package, int[] prompt)
    {
        var result = new double[prompt.Length][];
        for (var i = 0; i < prompt.Length; i++)
        {
            var logits = FullRecompute.LastLogits(package, prompt[..(i + 1)]);
            var max = logits.Max();
            var logSum = max + Math.Log(logits.Sum(v => Math.Exp(v - max)));
            result[i] = logits.Select(v => v - logSum).ToArray();
        }
        return result;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task PromptLogprobsMatchAnIndependentTokenByTokenForward(string model)
    {
        var package = ModelFixtures.Load(model);
        var vocab = package.Descriptor.VocabSize;
        await using var scheduler = new GenerationScheduler(package);
        // The greedy continuation appended to the prompt: those tokens are the argmax of their prefixes.
        var start = BasePrompt(vocab);
        var greedy = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = start, Sampling = new SamplingParams { Temperature = 0, MaxTokens = 6, IgnoreEos = true },
        });
        var prompt = start.Concat(greedy.Samples[0].TokenIds).ToArray();

        const int top = 3;
        var scored = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, PromptLogprobs = top, Sampling = new SamplingParams { Temperature = 0, MaxTokens = 2, IgnoreEos = true },
        });
        var lp = scored.PromptLogprobs!;
        Assert.Equal(prompt.Length, lp.Count);
        Assert.Equal(prompt, lp.Select(t => t.TokenId));
        Assert.Null(lp[0].Logprob);
        Assert.Null(lp[0].TopLogprobs);

        var expected = IndependentLogSoftmax(package, prompt);
        for (var i = 1; i < prompt.Length; i++)
        {
            var row = expected[i - 1];
            Assert.True(Math.Abs(row[prompt[i]] - lp[i].Logprob!.Value) <= 1e-4, $"token {i}: {lp[i].Logprob} vs {row[prompt[i]]}");
            var alternatives = lp[i].TopLogprobs!;
            Assert.Equal(top, alternatives.Length);
            for (var k = 1; k < top; k++) Assert.True(alternatives[k - 1].Logprob >= alternatives[k].Logprob, $"token {i}: top not sorted");
            foreach (var a in alternatives) Assert.True(Math.Abs(row[a.TokenId] - a.Logprob) <= 1e-4, $"token {i}: alternative {a.TokenId}");
            Assert.True(Math.Abs(row.Max() - alternatives[0].Logprob) <= 1e-4, $"token {i}: the first alternative is not the most likely");
            if (i >= start.Length) Assert.Equal(prompt[i], alternatives[0].TokenId);
        }

        // Scoring does not change what is generated after the prompt.
        var plain = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Sampling = new SamplingParams { Temperature = 0, MaxTokens = 2, IgnoreEos = true },
        });
        Assert.Equal(plain.Samples[0].TokenIds, scored.Samples[0].TokenIds);
        Assert.Null(plain.PromptLogprobs);
    }

    [Fact]
    public async Task MaxTokensZeroScoresThePromptAndSamplesNothing()
    {
        var package = ModelFixtures.Gpt2;
        await using var scheduler = new GenerationScheduler(package);
        var prompt = BasePrompt(package.Descriptor.VocabSize);
        var result = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 2, PromptLogprobs = 0, Sampling = new SamplingParams { MaxTokens = 0, Logprobs = true },
        });
        Assert.Equal(prompt.Length, result.PromptLogprobs!.Count);
        Assert.All(result.PromptLogprobs.Skip(1), t => Assert.Empty(t.TopLogprobs!));
        Assert.Equal(2, result.Samples.Count);
        Assert.All(result.Samples, s =>
        {
            Assert.Empty(s.TokenIds);
            Assert.Equal("", s.Text);
            Assert.Equal(FinishReason.Length, s.FinishReason);
        });
        Assert.Equal(0, result.CompletionTokens);
    }

    [Fact]
    public async Task StreamedRequestsReportThePromptBeforeAnyToken()
    {
        var package = ModelFixtures.Gpt2;
        await using var scheduler = new GenerationScheduler(package);
        var prompt = BasePrompt(package.Descriptor.VocabSize);
        var handle = scheduler.Submit(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 2, PromptLogprobs = 1, Sampling = new SamplingParams { Seed = 1, MaxTokens = 3, IgnoreEos = true },
        });
        var events = new List<GenerationEvent>();
        await foreach (var e in handle.Events()) events.Add(e);
        var scored = Assert.IsType<PromptScored>(events[0]);
        Assert.Single(events.OfType<PromptScored>());
        Assert.Equal(prompt.Length, scored.Tokens.Count);
        Assert.Equal(6, events.OfType<TokenGenerated>().Count());
        Assert.Same((await handle.Completion).PromptLogprobs, scored.Tokens);
    }

    [Fact]
    public async Task MaxTokensZeroWithoutScoringAndTooManyAlternativesAreRefused()
    {
        var package = ModelFixtures.Gpt2;
        await using var scheduler = new GenerationScheduler(package);
        var prompt = BasePrompt(package.Descriptor.VocabSize);
        var zero = Assert.Throws<InvalidSamplingParameterException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = prompt, Sampling = new SamplingParams { MaxTokens = 0 } }));
        Assert.Equal("max_tokens", zero.Parameter);
        var many = Assert.Throws<InvalidSamplingParameterException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = prompt, PromptLogprobs = SamplingParams.MaxTopLogprobs + 1 }));
        Assert.Equal("prompt_logprobs", many.Parameter);
        var negative = Assert.Throws<InvalidSamplingParameterException>(() =>
            scheduler.Submit(new GenerationRequest { PromptTokens = prompt, PromptLogprobs = -1 }));
        Assert.Equal("prompt_logprobs", negative.Parameter);
    }

    [Fact]
    public void AllPositionsPrefillEndsWithTheLastPositionLogits()
    {
        var decoder = ModelFixtures.Gpt2.Decoder;
        var vocab = decoder.VocabSize;
        var prompt = BasePrompt(vocab);
        using var cache = decoder.CreateCache(2, 32);
        var last = new float[vocab];
        var all = new float[prompt.Length * vocab];
        var a = cache.Take();
        decoder.Prefill(cache, a, prompt, last, allPositions: false, default);
        var b = cache.Take();
        decoder.Prefill(cache, b, prompt, all, allPositions: true, default);
        Assert.Equal(last, all.AsSpan((prompt.Length - 1) * vocab, vocab).ToArray());
        Assert.Equal(cache.Length(a), cache.Length(b));
    }
}
