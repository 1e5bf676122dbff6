namespace Inference.Selection;

/// <summary>Parameters of a selection; each strategy reads the ones it needs.</summary>
public sealed record SelectionOptions
{
    /// <summary>Default Best-of-Majority threshold, as in the paper's experiments (0.015 was used for N = 100).</summary>
    public const double DefaultAlpha = 0.005;

    /// <summary>Number of distinct answers to return (Pass@k / OpenAI <c>n</c>).</summary>
    public int K { get; init; } = 1;

    /// <summary>Best-of-Majority frequency threshold: answers with pi(a) &gt;= Alpha are kept. 0 makes BoM exactly BoN.</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>Vote weight for weighted majority.</summary>
    public VoteWeight Weight { get; init; } = VoteWeight.Reward;

    /// <summary>Strategy applied to the candidates that pass verification (verifier strategy).</summary>
    public string InnerStrategy { get; init; } = SelectionStrategyNames.Majority;

    /// <summary>Verifiers whose verdicts decide "passed" (verifier strategy); null = every verdict present on the candidate.</summary>
    public IReadOnlyList<string>? Verifiers { get; init; }

    /// <summary>A <see cref="VerdictStatus.Scored"/> verdict counts as an accept when its score is at least this; null = never.</summary>
    public double? ScoreAcceptThreshold { get; init; }

    /// <summary>When true an unverified (or missing) verdict does not block a candidate; default false: only accepts pass.</summary>
    public bool UnverifiedPasses { get; init; }

    /// <summary>Relative tolerance for numeric answer equivalence.</summary>
    public double RelativeTolerance { get; init; } = AnswerKey.DefaultRelativeTolerance;

    public static SelectionOptions Default { get; } = new();

    /// <summary>Throws <see cref="InvalidSelectionOptionsException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (K < 1)
        {
            throw new InvalidSelectionOptionsException($"K must be at least 1, got {K}.");
        }

        if (!(Alpha is >= 0 and <= 1))
        {
            throw new InvalidSelectionOptionsException($"Alpha must be in [0, 1], got {Alpha}.");
        }

        if (!Enum.IsDefined(Weight))
        {
            throw new InvalidSelectionOptionsException($"Weight {Weight} is not a known vote weight.");
        }

        if (string.IsNullOrWhiteSpace(InnerStrategy))
        {
            throw new InvalidSelectionOptionsException("InnerStrategy must name a strategy.");
        }

        if (ScoreAcceptThreshold is { } t && !double.IsFinite(t))
        {
            throw new InvalidSelectionOptionsException($"ScoreAcceptThreshold must be finite, got {t}.");
        }

        if (!(RelativeTolerance is >= 0 and < 1))
        {
            throw new InvalidSelectionOptionsException($"RelativeTolerance must be in [0, 1), got {RelativeTolerance}.");
        }
    }
}
