using Inference.Engine.Generation;
using Inference.Selection;
using Inference.Verifiers;

namespace Inference.Pipeline;

/// <summary>
/// What a pipeline run chose and why: the selection (chosen candidates and explanation), every candidate with its
/// answer, verdicts and reward, the raw samples, what each verifier did, the early-stopping decision, what early
/// rejection did, where the samples came from (<paramref name="Sources"/>), why fewer samples than planned were used
/// (<paramref name="Shortfall"/>, null when none were missing) and the cost.
/// </summary>
public sealed record PipelineResult(
    SelectionResult Selection,
    IReadOnlyList<Candidate> Candidates,
    IReadOnlyList<SampleResult> Samples,
    IReadOnlyList<VerifierRun> VerifierRuns,
    StopDecision? EarlyStop,
    RejectionOutcome? EarlyRejection,
    string? Fallback,
    IReadOnlyList<Sources.SourceShare> Sources,
    string? Shortfall,
    PipelineCost Cost)
{
    /// <summary>This prompt's share of a budget spread over many prompts (<see cref="TestTimeScalingPipeline.RunBudgetedAsync"/>).</summary>
    public BudgetShare? Budget { get; init; }

    /// <summary>The prompt's length in tokens as the model that drew the samples counted it (the first sample source
    /// to answer); what usage reports for a model whose prompt is tokenized by its backends.</summary>
    public int PromptLength { get; init; }
}

/// <summary>The budget a prompt's samples came from: the total, what all prompts used, how many prompts shared it, and
/// this prompt's final confidence P(p1 &gt; p2) (see <see cref="BudgetAllocator"/>).</summary>
public sealed record BudgetShare(int Total, int Used, int Prompts, double Confidence);

/// <summary>Samples and tokens spent, and the time of each stage.</summary>
public sealed record PipelineCost(
    int Samples,
    int Waves,
    int PromptTokens,
    int CompletionTokens,
    TimeSpan Sampling,
    TimeSpan Verification,
    TimeSpan Selection,
    TimeSpan Total);
