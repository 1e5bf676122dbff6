using System.Text.RegularExpressions;
using Inference.Engine.Constraints;
using Inference.Engine.Generation;
using Inference.Engine.Tests.Tokenization;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// Constrained decoding over the whole Phi-3 (SentencePiece, byte fallback, leading space dropped), Qwen3 (152k
/// byte-level) and GPT-2 (50k byte-level) vocabularies with random logits: the drawn tokens are as wild as tokens get
/// (any script, partial UTF-8, byte-fallback bytes), and the tokenizer's decoding of them is still a valid document.
/// </summary>
public sealed class SimulatedDecodingTests
{
    public static TheoryData<string> Tokenizers => new() { "phi3", "qwen3", "gpt2" };

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void SchemaSamplesAreValidDocuments(string fixture)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);
        var eos = tokenizer.SpecialTokens.Eos!.Id!.Value;
        var seed = 0;
        var failures = new List<string>();
        foreach (var (name, schema) in SchemaCorpus.Schemas)
        {
            var constraint = TokenConstraint.FromJsonSchema(schema);
            var minimum = constraint.Bind(ConstraintVocabulary.For(tokenizer, tokenizer.VocabSize)).MinimumTokens;
            foreach (var sample in SimulatedDecoding.Run(tokenizer, constraint, rows: 2, minimum + 6, seed++, [eos]))
            {
                if (SchemaOracle.Problem(sample.Text, schema) is { } problem) failures.Add($"{name}: {problem}");
                if (sample.Reason != FinishReason.Stop) failures.Add($"{name}: {sample.Reason}");
            }
        }
        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void RegexAndChoiceSamplesMatch(string fixture)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);
        var eos = tokenizer.SpecialTokens.Eos!.Id!.Value;
        var seed = 100;
        foreach (var pattern in RegexCorpus.Patterns)
        {
            var constraint = TokenConstraint.FromRegex(pattern);
            var minimum = constraint.Bind(ConstraintVocabulary.For(tokenizer, tokenizer.VocabSize)).MinimumTokens;
            foreach (var sample in SimulatedDecoding.Run(tokenizer, constraint, rows: 2, minimum + 8, seed++, [eos]))
                Assert.True(RegexCorpus.FullMatch(pattern, sample.Text), $"/{pattern}/ vs '{Regex.Escape(sample.Text)}'");
        }
        string[] choices = ["yes", "no", " leading space", "ñandú 🙂", "a\"quote"];
        var choice = TokenConstraint.FromChoices(choices);
        foreach (var sample in SimulatedDecoding.Run(tokenizer, choice, rows: 12, 12, seed, [eos]))
            Assert.Contains(sample.Text, choices);
    }
}
