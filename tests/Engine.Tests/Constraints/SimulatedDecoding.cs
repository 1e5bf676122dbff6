using Inference.Engine.Constraints;
using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Engine.Tokenization;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// Constrained decoding over a whole real vocabulary without a model: rows of random logits go through the real
/// <see cref="Sampler"/> with their constraint, each row's matcher advances by the token drawn, and a row ends as
/// <c>DecodeRow</c> ends it (a stop token, a complete document that must stop, or max_tokens). The text is the
/// tokenizer's own decoding of the tokens, so the decoder's quirks (Phi-3's dropped leading space) are part of the check.
/// </summary>
internal static class SimulatedDecoding
{
    public sealed record Sample(int[] Tokens, string Text, FinishReason Reason);

    public static Sample[] Run(Tokenizer tokenizer, TokenConstraint constraint, int rows, int maxTokens, int seed, int[] stopTokens)
    {
        var vocabulary = ConstraintVocabulary.For(tokenizer, tokenizer.VocabSize);
        var vocab = vocabulary.Size;
        var bound = constraint.Bind(vocabulary);
        var p = new SamplingParams { MaxTokens = maxTokens, Temperature = 1.0, Constraint = constraint };
        var plan = new SamplingPlan(p, stopTokens, bound);
        var random = new Random(seed);
        // Random logits, a window of a pool per row and step: cheap, and different every time.
        var pool = new float[vocab * 4];
        for (var i = 0; i < pool.Length; i++) pool[i] = (float)(random.NextDouble() * 8);
        var sampler = new Sampler(1);
        var batch = Enumerable.Range(0, rows)
            .Select(r => new SamplingRow(new SequenceState(new HashSet<int>(), seed * 1000 + r), plan, bound.CreateMatcher())).ToArray();
        var tokens = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
        var reasons = new FinishReason?[rows];
        var logits = new float[vocab];
        var result = new SampledToken[1];
        while (reasons.Any(r => r is null))
        {
            for (var r = 0; r < rows; r++)
            {
                if (reasons[r] is not null) continue;
                pool.AsSpan(random.Next(pool.Length - vocab), vocab).CopyTo(logits);
                sampler.Sample(logits, vocab, [batch[r]], 1, result);
                var token = result[0].TokenId;
                var row = batch[r];
                row.Sequence.Accept(token);
                tokens[r].Add(token);
                var left = maxTokens - row.Sequence.Generated;
                if (stopTokens.Contains(token)) reasons[r] = FinishReason.Stop;
                else
                {
                    row.Constraint!.Advance(token);
                    if (row.Constraint.MustStop(left, stopTokens.Length > 0)) reasons[r] = FinishReason.Stop;
                    else if (left <= 0) reasons[r] = row.Constraint.IsAccepting ? FinishReason.Stop : FinishReason.Length;
                }
            }
        }
        return Enumerable.Range(0, rows).Select(r =>
        {
            var ids = tokens[r].ToArray();
            if (ids.Length > 0 && stopTokens.Contains(ids[^1])) ids = ids[..^1];
            return new Sample(tokens[r].ToArray(), tokenizer.Decode(ids, skipSpecialTokens: true), reasons[r]!.Value);
        }).ToArray();
    }
}
