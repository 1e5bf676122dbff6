namespace Inference.Engine.Sampling;

/// <summary>What the sampler needs to know about one sample: its random stream and the tokens seen so far.</summary>
public sealed class SequenceState
{
    private readonly Dictionary<int, int> generatedCounts = new();

    /// <param name="promptTokens">Distinct prompt tokens (for the repetition penalty), shared by a request's samples.</param>
    public SequenceState(IReadOnlySet<int> promptTokens, long seed)
    {
        PromptTokens = promptTokens;
        Seed = seed;
        Random = new RowRandom(seed);
    }

    public IReadOnlySet<int> PromptTokens { get; }

    public long Seed { get; }

    public RowRandom Random { get; }

    /// <summary>Tokens generated so far (the index of the next token).</summary>
    public int Generated { get; private set; }

    public IReadOnlyDictionary<int, int> GeneratedCounts => generatedCounts;

    /// <summary>The counts as their concrete type, so the sampler enumerates them without allocating.</summary>
    internal Dictionary<int, int> Counts => generatedCounts;

    public void Accept(int token)
    {
        Generated++;
        generatedCounts[token] = generatedCounts.GetValueOrDefault(token) + 1;
    }
}
