using Inference.Engine.Constraints;
using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Sampling;
using Inference.Engine.Tests.Packages;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// Constrained generation on random-weight models, whose free output is never JSON: every sample of every schema of
/// <see cref="SchemaCorpus"/> must parse and validate (JsonSchema.Net), on the GPT-2 byte-level tokenizer (50k tokens,
/// only the first 1000 of which have logits) and on the tiny Llama's character tokenizer (which cannot spell any
/// non-ASCII character, so unicode is reached through \u escapes). Each schema is sampled twice: with max_tokens at
/// the shortest document plus 4 (the budget decides most tokens) and plus 40.
/// </summary>
public sealed class ConstrainedGenerationTests
{
    private const int SamplesPerRequest = 20;

    [Theory]
    [InlineData("tiny-random-gpt2-fp32")]
    [InlineData("tiny-llama/fp32")]
    public async Task EverySampleOfEverySchemaIsValid(string fixture)
    {
        var model = ModelFixtures.Load(fixture);
        await using var scheduler = new GenerationScheduler(model, new SchedulerOptions { MaxBatchRows = 2 * SamplesPerRequest });
        var prompt = Prompt(model);
        var vocabulary = ConstraintVocabulary.For(model.Tokenizer, model.Descriptor.VocabSize);
        var failures = new List<string>();
        var samples = 0;
        var seed = 1;
        foreach (var (name, schema) in SchemaCorpus.Schemas)
        {
            var constraint = TokenConstraint.FromJsonSchema(schema);
            var minimum = constraint.Bind(vocabulary).MinimumTokens;
            var requests = new[] { 4, 40 }.Select(slack => scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = prompt,
                Samples = SamplesPerRequest,
                Sampling = new SamplingParams { Seed = seed++ * 100, MaxTokens = minimum + slack, Constraint = constraint },
            }));
            foreach (var result in await Task.WhenAll(requests))
                foreach (var sample in result.Samples)
                {
                    samples++;
                    if (SchemaOracle.Problem(sample.Text, schema) is { } problem) failures.Add($"{name}: {problem}");
                    else if (sample.FinishReason != FinishReason.Stop) failures.Add($"{name}: finished with {sample.FinishReason}: {sample.Text}");
                    // The text is the decoded tokens, without a final stop token (the GPT-2 export's EOS, 98, is an ordinary byte token).
                    var ids = sample.TokenIds.ToArray();
                    if (ids.Length > 0 && model.Descriptor.EosTokenIds.Contains(ids[^1])) ids = ids[..^1];
                    Assert.Equal(model.Tokenizer.Decode(ids, skipSpecialTokens: true), sample.Text);
                }
        }
        Assert.True(samples >= 1000, $"{samples} samples");
        Assert.True(SchemaCorpus.Schemas.Length >= 20);
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("tiny-random-gpt2-fp32")]
    [InlineData("tiny-llama/fp32")]
    public async Task JsonObjectSamplesAreObjects(string fixture)
    {
        var model = ModelFixtures.Load(fixture);
        await using var scheduler = new GenerationScheduler(model, new SchedulerOptions { MaxBatchRows = SamplesPerRequest });
        var result = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = Prompt(model),
            Samples = SamplesPerRequest,
            Sampling = new SamplingParams { Seed = 5, MaxTokens = 48, Constraint = TokenConstraint.JsonObject },
        });
        Assert.All(result.Samples, s => Assert.Null(SchemaOracle.Problem(s.Text, """{"type":"object"}""")));
    }

    [Theory]
    [InlineData("tiny-random-gpt2-fp32")]
    [InlineData("tiny-llama/fp32")]
    public async Task RegexAndChoiceSamplesMatch(string fixture)
    {
        var model = ModelFixtures.Load(fixture);
        await using var scheduler = new GenerationScheduler(model, new SchedulerOptions { MaxBatchRows = SamplesPerRequest });
        var vocabulary = ConstraintVocabulary.For(model.Tokenizer, model.Descriptor.VocabSize);
        var seed = 7;
        foreach (var pattern in RegexCorpus.Patterns.Where(p => TokenConstraint.FromRegex(p).Bind(vocabulary).MinimumTokens < 64))
        {
            var constraint = TokenConstraint.FromRegex(pattern);
            var result = await scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = Prompt(model), Samples = 8,
                Sampling = new SamplingParams { Seed = seed++, MaxTokens = constraint.Bind(vocabulary).MinimumTokens + 12, Constraint = constraint },
            });
            Assert.All(result.Samples, s => Assert.True(RegexCorpus.FullMatch(pattern, s.Text), $"/{pattern}/ vs '{s.Text}'"));
        }
        string[] choices = ["yes", "no", "not sure", "🙂"];
        var chosen = await scheduler.GenerateAsync(new GenerationRequest
        {
            PromptTokens = Prompt(model), Samples = SamplesPerRequest,
            Sampling = new SamplingParams { Seed = 1, MaxTokens = 12, Constraint = TokenConstraint.FromChoices(fixture.StartsWith("tiny-llama") ? choices[..3] : choices) },
        });
        Assert.All(chosen.Samples, s => Assert.Contains(s.Text, choices));
    }

    internal static int[] Prompt(ModelPackage model) =>
        model.Tokenizer.Encode("Reply in JSON:", addSpecialTokens: false).Select(t => t % model.Descriptor.VocabSize).ToArray();
}
