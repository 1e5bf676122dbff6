using Inference.Engine.Constraints;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;
using Inference.Testing;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// A constrained request through the scheduler: the budget (max_tokens at the shortest document, or below it), finish
/// reasons, log-probabilities of the constrained distribution, streaming, stop strings, cancellation, and the other
/// sampling stages (greedy, logit bias, penalties, min_tokens, ignore_eos) composed with the mask.
/// </summary>
public sealed class ConstrainedSchedulingTests
{
    private static readonly string Person = SchemaCorpus.Schemas.Single(s => s.Name == "person").Schema;

    private static (GenerationScheduler Scheduler, int[] Prompt) Start(string fixture, int rows = 8)
    {
        var model = ModelFixtures.Load(fixture);
        return (new GenerationScheduler(model, new SchedulerOptions { MaxBatchRows = rows }), ConstrainedGenerationTests.Prompt(model));
    }

    private static int Minimum(string fixture, TokenConstraint constraint)
    {
        var model = ModelFixtures.Load(fixture);
        return constraint.Bind(ConstraintVocabulary.For(model.Tokenizer, model.Descriptor.VocabSize)).MinimumTokens;
    }

    [Theory]
    [InlineData("tiny-random-gpt2-fp32")]
    [InlineData("tiny-llama/fp32")]
    public async Task AtTheShortestDocumentsBudgetEverySampleIsValidAndBelowItTheRequestIsRefused(string fixture)
    {
        var (scheduler, prompt) = Start(fixture);
        await using var _ = scheduler;
        foreach (var name in new[] { "person", "recursive tree", "unicode keys", "tool call" })
        {
            var schema = SchemaCorpus.Schemas.Single(s => s.Name == name).Schema;
            var constraint = TokenConstraint.FromJsonSchema(schema);
            var minimum = Minimum(fixture, constraint);
            var result = await scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = prompt, Samples = 8, Sampling = new SamplingParams { Seed = 9, MaxTokens = minimum, Constraint = constraint },
            });
            Assert.All(result.Samples, s =>
            {
                Assert.Null(SchemaOracle.Problem(s.Text, schema));
                Assert.Equal(FinishReason.Stop, s.FinishReason);
                Assert.True(s.Length <= minimum);
            });
            var refused = Assert.Throws<InvalidSamplingParameterException>(() => scheduler.Submit(new GenerationRequest
            {
                PromptTokens = prompt, Sampling = new SamplingParams { MaxTokens = minimum - 1, Constraint = constraint },
            }));
            Assert.Equal("max_tokens", refused.Parameter);
        }
        Assert.Equal(0, scheduler.Stats.QueuedRequests);
    }

    [Fact]
    public void TheShortestDocumentOfACharacterVocabularyIsItsLength()
    {
        // One token per character: {"answer":0} is 12 tokens; "é" cannot be spelled, "\u00e9" can (6 tokens + quotes).
        Assert.Equal(12, Minimum("tiny-llama/fp32", TokenConstraint.FromJsonSchema(SchemaCorpus.Schemas[0].Schema)));
        Assert.Equal(8, Minimum("tiny-llama/fp32", TokenConstraint.FromJsonSchema("""{"const":"é"}""")));
        Assert.Equal(int.MaxValue, Minimum("tiny-llama/fp32", TokenConstraint.FromRegex("é")));
        // GPT-2's byte-level tokens spell it in fewer tokens than bytes, never more.
        Assert.InRange(Minimum("tiny-random-gpt2-fp32", TokenConstraint.FromJsonSchema(SchemaCorpus.Schemas[0].Schema)), 2, 12);
    }

    [Fact]
    public async Task AConstraintTheVocabularyCannotSpellIsRefusedAtSubmit()
    {
        var (scheduler, prompt) = Start("tiny-llama/fp32");
        await using var _ = scheduler;
        var error = Assert.Throws<ConstraintCompileException>(() => scheduler.Submit(new GenerationRequest
        {
            PromptTokens = prompt, Sampling = new SamplingParams { MaxTokens = 10, Constraint = TokenConstraint.FromChoices(["é", "ü"]) },
        }));
        Assert.Contains("vocabulary", error.Message);
    }

    [Fact]
    public async Task LogprobsDescribeTheConstrainedDistribution()
    {
        var (scheduler, prompt) = Start("tiny-llama/fp32");
        await using var _ = scheduler;
        // One character per token and a constant: every step has exactly one allowed token, of probability 1.
        var constant = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 2,
            Sampling = new SamplingParams { Seed = 3, MaxTokens = 20, TopLogprobs = 5, Constraint = TokenConstraint.FromChoices(["hello world"]) },
        });
        Assert.All(constant.Samples, s =>
        {
            Assert.Equal("hello world", s.Text);
            Assert.All(s.TokenLogprobs!, l => Assert.Equal(0f, l, 1e-5f));
            Assert.All(s.TopLogprobs!, top => Assert.Single(top));
        });

        // In a schema, every alternative reported is a token the grammar accepts there, and they never sum above 1.
        var model = ModelFixtures.Load("tiny-llama/fp32");
        var constraint = TokenConstraint.FromJsonSchema(Person);
        var bound = constraint.Bind(ConstraintVocabulary.For(model.Tokenizer, model.Descriptor.VocabSize));
        var result = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 4,
            Sampling = new SamplingParams { Seed = 4, MaxTokens = 60, Logprobs = true, TopLogprobs = 8, Constraint = constraint },
        });
        foreach (var sample in result.Samples)
        {
            var matcher = bound.CreateMatcher();
            for (var i = 0; i < sample.Length; i++)
            {
                var top = sample.TopLogprobs![i];
                Assert.All(top, t => Assert.True(matcher.Accepts(t.TokenId) || (matcher.IsAccepting && model.Descriptor.EosTokenIds.Contains(t.TokenId))));
                Assert.True(top.Sum(t => Math.Exp(t.Logprob)) <= 1.0001);
                Assert.Contains(top, t => t.TokenId == sample.TokenIds[i] || t.Logprob >= sample.TokenLogprobs![i]);
                if (!model.Descriptor.EosTokenIds.Contains(sample.TokenIds[i])) matcher.Advance(sample.TokenIds[i]);
            }
        }
    }

    [Fact]
    public async Task StreamedDeltasSpellTheDocumentAndStopStringsStillCutIt()
    {
        var (scheduler, prompt) = Start("tiny-random-gpt2-fp32");
        await using var _ = scheduler;
        var constraint = TokenConstraint.FromJsonSchema(Person);
        var handle = scheduler.Submit(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 3, Sampling = new SamplingParams { Seed = 11, MaxTokens = 50, Constraint = constraint },
        });
        var texts = new string[3];
        await foreach (var e in handle.Events())
            switch (e)
            {
                case TokenGenerated t: texts[t.SampleIndex] += t.TextDelta; break;
                case SampleCompleted c: texts[c.SampleIndex] += c.TextDelta; break;
            }
        var result = await handle.Completion;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(result.Samples[i].Text, texts[i]);
            Assert.Null(SchemaOracle.Problem(texts[i], Person));
        }

        var cut = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 3,
            Sampling = new SamplingParams { Seed = 11, MaxTokens = 50, Constraint = constraint, StopStrings = ["\"age\""] },
        });
        Assert.All(cut.Samples, s =>
        {
            Assert.Equal(FinishReason.Stop, s.FinishReason);
            Assert.Equal("\"age\"", s.MatchedStop);
            Assert.DoesNotContain("age", s.Text);
            Assert.StartsWith(s.Text, result.Samples[s.Index].Text);
        });
    }

    [Fact]
    public async Task CancellationEndsConstrainedRows()
    {
        var (scheduler, prompt) = Start("tiny-random-gpt2-fp32");
        await using var _ = scheduler;
        using var gate = new StepGate(atToken: 4);
        using var cts = new CancellationTokenSource();
        var handle = scheduler.Submit(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 2,
            // A string: the random model never closes it before the budget does.
            Sampling = new SamplingParams { Seed = 1, MaxTokens = 200, Constraint = TokenConstraint.FromJsonSchema("""{"type":"string"}"""), TemperatureSchedule = gate },
        }, cts.Token);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        cts.Cancel();
        gate.Release();
        var result = await handle.Completion;
        Assert.All(result.Samples, s => Assert.Equal(FinishReason.Cancelled, s.FinishReason));
    }

    [Fact]
    public async Task OtherSamplingStagesComposeWithTheMask()
    {
        var (scheduler, prompt) = Start("tiny-random-gpt2-fp32");
        await using var _ = scheduler;
        var model = ModelFixtures.Gpt2;
        var digits = TokenConstraint.FromRegex(@"\d{2,6}");
        var x = model.Tokenizer.Encode("x", addSpecialTokens: false).Single();
        var p = new SamplingParams
        {
            Seed = 5, MaxTokens = 12, Constraint = digits, LogitBias = new Dictionary<int, double> { [x] = 100 },
            RepetitionPenalty = 1.3, PresencePenalty = 0.5, FrequencyPenalty = 0.5, TopK = 20, TopP = 0.9, MinP = 0.05,
        };
        var biased = await scheduler.GenerateAsync(new GenerationRequest { PromptTokens = prompt, Samples = 6, Sampling = p });
        Assert.All(biased.Samples, s => Assert.Matches(@"^\d{2,6}$", s.Text));

        // Greedy decoding is deterministic and valid.
        var greedy = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 3, Sampling = new SamplingParams { Temperature = 0, MaxTokens = 40, Constraint = TokenConstraint.FromJsonSchema(Person) },
        });
        Assert.Single(greedy.Samples.Select(s => s.Text).Distinct());
        Assert.Null(SchemaOracle.Problem(greedy.Samples[0].Text, Person));
    }

    [Fact]
    public async Task ACompleteDocumentThatCannotGrowInTheTokensLeftEndsTheRowEvenWithoutAStopToken()
    {
        var (scheduler, prompt) = Start("tiny-llama/fp32");
        await using var _ = scheduler;
        // One character per token. After "abc" (complete), another "abc" needs 3 tokens but only 2 are left, and with
        // ignore_eos no stop token may end it: the row stops at the complete document.
        var result = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 4,
            Sampling = new SamplingParams { Seed = 2, MaxTokens = 5, IgnoreEos = true, Constraint = TokenConstraint.FromRegex("(abc)+") },
        });
        Assert.All(result.Samples, s =>
        {
            Assert.Equal("abc", s.Text);
            Assert.Equal(3, s.Length);
            Assert.Equal(FinishReason.Stop, s.FinishReason);
        });

        // A document that may always grow runs to max_tokens and is complete there: stop, not length.
        var grown = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 2,
            Sampling = new SamplingParams { Seed = 2, MaxTokens = 7, IgnoreEos = true, Constraint = TokenConstraint.FromRegex("a+") },
        });
        Assert.All(grown.Samples, s =>
        {
            Assert.Equal("aaaaaaa", s.Text);
            Assert.Equal(FinishReason.Stop, s.FinishReason);
        });

        // A choice ends as soon as it is complete: min_tokens cannot keep a finished document going.
        var choice = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 2,
            Sampling = new SamplingParams { Seed = 2, MaxTokens = 10, MinTokens = 8, Constraint = TokenConstraint.FromChoices(["yes", "no"]) },
        });
        Assert.All(choice.Samples, s =>
        {
            Assert.Contains(s.Text, new[] { "yes", "no" });
            Assert.Equal(s.Text.Length, s.Length); // no EOS token: the grammar ended the row
            Assert.Equal(FinishReason.Stop, s.FinishReason);
        });
    }
    [Theory]
    [InlineData(0.0, 0, 1.0)]   // greedy
    [InlineData(1.0, 0, 1.0)]   // full draw over the vocabulary
    [InlineData(1.3, 5, 1.0)]   // top-k
    [InlineData(0.7, 0, 0.8)]   // top-p (nucleus rejection draw)
    [InlineData(1.0, 40, 0.9)]  // top-k then top-p
    [InlineData(2.0, 1, 1.0)]   // top-k of one
    public async Task EverySamplerPathDrawsOnlyTokensTheGrammarAllows(double temperature, int topK, double topP)
    {
        var (scheduler, prompt) = Start("tiny-random-gpt2-fp32");
        await using var _ = scheduler;
        var result = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = prompt, Samples = 8,
            Sampling = new SamplingParams
            {
                Seed = 21, MaxTokens = 60, Temperature = temperature, TopK = topK, TopP = topP, Constraint = TokenConstraint.FromJsonSchema(Person),
            },
        });
        Assert.All(result.Samples, s =>
        {
            Assert.Null(SchemaOracle.Problem(s.Text, Person));
            Assert.Equal(FinishReason.Stop, s.FinishReason);
        });
    }
}
