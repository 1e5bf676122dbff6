using Inference.Engine.Decoding;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;

namespace Inference.Engine.Tests.Generation;

/// <summary>
/// Prompt scoring (echo + logprobs): the scheduler's prompt log-probabilities must equal the log-softmax of the
/// model's logits computed independently, one token at a time through the ordinary last-position forward.
/// </summary>
public sealed class PromptLogprobsTests
{
    public static TheoryData<string> Models() => new("tiny-random-gpt2-fp32", "bundled arith-lm");

    private static int[] BasePrompt(int vocab) => new[] { 5, 17, 42, 99, 7, 3 }.Select(i => i % vocab).ToArray();

    /// <summary>log-softmax of the logits after each prefix, by feeding the prompt token by token (batch 1).</summary>
    private static double[][] IndependentLogSoftmax(DecoderModel decoder, int[] prompt)
    {
        var vocab = decoder.VocabSize;
        using var cache = KvBatch.Empty(decoder.Interface.KvCache, 1);
        var logits = new float[vocab];
        var result = new double[prompt.Length][];
        for (var i = 0; i < prompt.Length; i++)
        {
            decoder.Forward(cache, [[prompt[i]]], logits, default);
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

        var expected = IndependentLogSoftmax(package.Decoder, prompt);
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
    public void AllPositionsForwardEndsWithTheLastPositionLogits()
    {
        var decoder = ModelFixtures.Gpt2.Decoder;
        var vocab = decoder.VocabSize;
        var prompt = BasePrompt(vocab);
        using var a = KvBatch.Empty(decoder.Interface.KvCache, 1);
        using var b = KvBatch.Empty(decoder.Interface.KvCache, 1);
        var last = new float[vocab];
        var all = new float[prompt.Length * vocab];
        decoder.Forward(a, [prompt], last, default);
        decoder.ForwardAllPositions(b, prompt, all, default);
        Assert.Equal(last, all.AsSpan((prompt.Length - 1) * vocab, vocab).ToArray());
        Assert.Equal(a.Length, b.Length);
    }
}
