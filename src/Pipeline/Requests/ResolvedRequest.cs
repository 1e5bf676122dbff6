using Inference.Engine.Sampling;

namespace Inference.Pipeline.Requests;

/// <summary>
/// A checked request as the engine runs it: the sampling parameters (defaults applied, schedule included), how many
/// choices to return and samples to draw per prompt, and the selection when test-time scaling is on.
/// </summary>
/// <param name="N">Choices returned per prompt.</param>
/// <param name="Samples">Samples drawn per prompt (n, best_of, or the selection's N).</param>
/// <param name="Selection">The selection, built and checked; null for plain generation.</param>
/// <param name="ReturnCandidates">Report every candidate (test_time_scaling.return_candidates).</param>
/// <param name="TopLogprobs">Alternatives reported per token.</param>
/// <param name="PromptLogprobs">Score the prompt with this many alternatives (completions with echo and logprobs).</param>
public sealed record ResolvedRequest(
    SamplingParams Sampling,
    int N,
    int Samples,
    PreparedSelection? Selection,
    bool ReturnCandidates,
    int TopLogprobs,
    int? PromptLogprobs)
{
    public TestTimeScalingOptions? Scaling => Selection?.Options;

    /// <summary>The chat request's tools: how its samples become tool calls (<see cref="Tools.ToolCallParser"/>).</summary>
    public Tools.ChatTools? Tools { get; init; }
}
