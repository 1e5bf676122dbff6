using Inference.Selection;

namespace Inference.Pipeline;

/// <summary>How many samples to draw for one prompt and how to choose among them.</summary>
public sealed record TestTimeScalingOptions
{
    /// <summary>A strategy of <see cref="SelectionStrategyRegistry"/>: best_of_n, majority, weighted_majority,
    /// best_of_majority, verifier, self_certainty, none.</summary>
    public string Strategy { get; init; } = SelectionStrategyNames.Majority;

    /// <summary>Samples drawn (N); with early stopping, the budget.</summary>
    public int Samples { get; init; } = 8;

    /// <summary>Answers returned (Pass@k).</summary>
    public int K { get; init; } = 1;

    public double Alpha { get; init; } = SelectionOptions.DefaultAlpha;

    public VoteWeight Weight { get; init; } = VoteWeight.Reward;

    /// <summary>The strategy applied to accepted candidates by the verifier strategy.</summary>
    public string InnerStrategy { get; init; } = SelectionStrategyNames.Majority;

    public double? ScoreAcceptThreshold { get; init; }

    public bool UnverifiedPasses { get; init; }

    public AnswerExtractionSpec Answer { get; init; } = AnswerExtractionSpec.Auto;

    public IReadOnlyList<VerifierSpec> Verifiers { get; init; } = [];

    /// <summary>A known correct answer (for the reference_answer verifier).</summary>
    public string? ReferenceAnswer { get; init; }

    public EarlyStopSpec? EarlyStop { get; init; }

    /// <summary>Score running samples' prefixes at checkpoints and stop the weak ones (reward-ranked strategies).</summary>
    public EarlyRejectionSpec? EarlyRejection { get; init; }

    /// <summary>One budget over the prompts of a request (<see cref="TestTimeScalingPipeline.RunBudgetedAsync"/>);
    /// <see cref="Samples"/> is then the most any one prompt gets.</summary>
    public SampleBudget? Budget { get; init; }

    /// <summary>What the strategy needs the candidates to carry with these options (declared by the strategy itself).</summary>
    public SelectionNeeds Needs(SelectionStrategyRegistry? strategies = null) =>
        (strategies ?? SelectionStrategyRegistry.Default).Get(Strategy).Needs(ToSelectionOptions());

    public SelectionOptions ToSelectionOptions() => new()
    {
        K = K,
        Alpha = Alpha,
        Weight = Weight,
        InnerStrategy = InnerStrategy,
        ScoreAcceptThreshold = ScoreAcceptThreshold,
        UnverifiedPasses = UnverifiedPasses,
    };
}
