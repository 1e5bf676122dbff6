using Inference.Engine.Constraints;
using Inference.Engine.Tests.Tokenization;

namespace Inference.Engine.Tests.Constraints;

/// <summary>
/// The allowed-token sets the trie walk computes equal the brute force: at states reached by random walks through
/// several grammars, each token is stepped byte by byte through the recogniser on its own, and it is allowed exactly
/// when the grammar survives its bytes (and, under a budget, when the state after it can complete within the limit).
/// Checked on the Phi-3 vocabulary (SentencePiece with byte fallback, whose first token loses its leading space), on
/// Qwen3's (byte-level, 152k tokens) and on GPT-2's cut to 1000 logits.
/// </summary>
public sealed class TokenMaskTests
{
    /// <summary>(fixture, logits or 0 for the whole vocabulary, random walks per grammar, steps per walk).</summary>
    public static TheoryData<string, int, int, int> Vocabularies => new() { { "phi3", 0, 3, 12 }, { "qwen3", 0, 1, 8 }, { "gpt2", 1000, 3, 16 } };

    private static readonly TokenConstraint[] Grammars =
    [
        TokenConstraint.FromJsonSchema(SchemaCorpus.Schemas.Single(s => s.Name == "unicode keys").Schema),
        TokenConstraint.FromJsonSchema(SchemaCorpus.Schemas.Single(s => s.Name == "recursive tree").Schema),
        TokenConstraint.FromJsonSchema(SchemaCorpus.Schemas.Single(s => s.Name == "mixed enum").Schema),
        TokenConstraint.JsonObject,
        TokenConstraint.FromRegex(@"(\d{1,3}\.){3}\d{1,3}|[a-zé ]+-[^x]{2,4}"),
        TokenConstraint.FromChoices(["yes", " yes", "no way", "ñandú"]),
    ];

    /// <summary>
    /// Also checks that the completion bound never strands a row: from a state whose bound is k, some allowed token
    /// leads to a state whose bound is at most k - 1, so a row that keeps to its budget can always close its document.
    /// </summary>
    [Theory]
    [MemberData(nameof(Vocabularies))]
    public void MasksEqualTheTokensTheRecogniserAcceptsOneByOne(string fixture, int logits, int walks, int steps)
    {
        var tokenizer = TokenizerFixtures.Load(fixture);
        var vocabulary = ConstraintVocabulary.For(tokenizer, logits == 0 ? tokenizer.VocabSize : logits);
        var random = new Random(17);
        var allowed = new ulong[(vocabulary.Size + 63) / 64];
        var states = 0;
        foreach (var constraint in Grammars)
        {
            var bound = constraint.Bind(vocabulary);
            for (var walk = 0; walk < walks; walk++)
            {
                var matcher = bound.CreateMatcher();
                for (var step = 0; step < steps && !matcher.IsComplete; step++)
                {
                    var state = matcher.State;
                    var options = BruteForce(bound, state, first: step == 0);
                    List<int> Within(int limit) => options.Where(o => o.Needed <= limit).Select(o => o.Id).ToList();

                    matcher.FillAllowed(int.MaxValue, allowed);
                    Assert.Equal(Within(int.MaxValue - 1), Ids(allowed));
                    // A tight budget: the tokens whose next state still completes within it.
                    var needed = matcher.TokensToComplete;
                    var tokensLeft = Math.Max(1, needed + random.Next(0, 3));
                    matcher.FillAllowed(tokensLeft, allowed);
                    var budgeted = Within(tokensLeft - 1);
                    Assert.Equal(budgeted.Count > 0 || state.Accepting ? budgeted : Within(int.MaxValue - 1), Ids(allowed));

                    Assert.NotEqual(GrammarState.Impossible, needed);
                    if (state.Accepting) Assert.Equal(0, needed);
                    else Assert.NotEmpty(Within(needed - 1));
                    states++;
                    if (options.Count == 0) break;
                    matcher.Advance(options[random.Next(options.Count)].Id);
                }
            }
        }
        Assert.True(states > 40, $"{states} states");
    }

    /// <summary>Each token on its own: its bytes stepped through the recogniser, and the completion bound after them.</summary>
    private static List<(int Id, int Needed)> BruteForce(BoundConstraint bound, GrammarState state, bool first)
    {
        var vocabulary = bound.Vocabulary;
        var result = new List<(int, int)>();
        for (var id = 0; id < vocabulary.Size; id++)
        {
            var bytes = vocabulary.BytesOf(id);
            if (bytes.IsEmpty) continue;
            if (first && vocabulary.StripsLeadingSpace && bytes[0] == (byte)' ') bytes = bytes[1..];
            var next = state;
            foreach (var b in bytes) next = bound.Step(next, b);
            if (!next.IsDead && bound.Completion(next) != GrammarState.Impossible) result.Add((id, bound.Completion(next)));
        }
        return result;
    }

    private static List<int> Ids(ulong[] bits)
    {
        var ids = new List<int>();
        for (var w = 0; w < bits.Length; w++)
            for (var b = 0; b < 64; b++)
                if ((bits[w] & (1UL << b)) != 0) ids.Add((w * 64) + b);
        return ids;
    }
}
