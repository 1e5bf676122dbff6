using System.Collections.Immutable;

namespace Inference.Selection;

/// <summary>
/// One sampled response to a prompt: its text, generation statistics, the answer extracted from it, the verdicts
/// verifiers gave it and its reward. Immutable; the pipeline derives enriched copies with the <c>With*</c> methods.
/// </summary>
public sealed record Candidate
{
    /// <param name="index">Position of the sample in the request (0-based); also the "first seen" order.</param>
    /// <param name="text">The generated text.</param>
    /// <param name="tokenCount">Number of generated tokens.</param>
    /// <param name="logProbSum">Sum of the sampled tokens' log-probabilities, or null when the engine did not report them.</param>
    public Candidate(int index, string text, int tokenCount = 0, double? logProbSum = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);
        if (logProbSum is { } lp && (double.IsNaN(lp) || lp > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(logProbSum), lp, "A log-probability sum must be a number <= 0.");
        }

        Index = index;
        Text = text;
        TokenCount = tokenCount;
        LogProbSum = logProbSum;
    }

    public int Index { get; }

    public string Text { get; }

    public int TokenCount { get; }

    public double? LogProbSum { get; }

    /// <summary>Mean token log-probability (log-prob sum / token count); null when log-probs are missing or there are no tokens.</summary>
    public double? MeanLogProb => LogProbSum is { } lp && TokenCount > 0 ? lp / TokenCount : null;

    /// <summary>The extracted final answer, or null when none could be extracted.</summary>
    public ExtractedAnswer? Answer { get; init; }

    /// <summary>The reward used by reward-based strategies (e.g. a reward model's score), or null when not scored.</summary>
    public double? Reward { get; init; }

    /// <summary>Verdicts keyed by verifier name.</summary>
    public ImmutableDictionary<string, Verdict> Verdicts { get; init; } = ImmutableDictionary<string, Verdict>.Empty;

    public Candidate WithAnswer(ExtractedAnswer? answer) => this with { Answer = answer };

    public Candidate WithAnswerFrom(IAnswerExtractor extractor) => this with { Answer = extractor.Extract(Text) };

    public Candidate WithReward(double? reward)
    {
        if (reward is { } r && !double.IsFinite(r))
        {
            throw new ArgumentOutOfRangeException(nameof(reward), r, "A reward must be a finite number.");
        }

        return this with { Reward = reward };
    }

    public Candidate WithVerdict(string verifierName, Verdict verdict)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verifierName);
        ArgumentNullException.ThrowIfNull(verdict);
        return this with { Verdicts = Verdicts.SetItem(verifierName, verdict) };
    }
}
