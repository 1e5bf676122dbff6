using Inference.Engine.Generation;
using Inference.Pipeline;
using Inference.Selection;

namespace Inference.Client;

/// <summary>One returned choice: its text, why it ended, and the answer extracted from it (with selection).</summary>
/// <param name="Index">Position among the returned choices.</param>
/// <param name="Text">The generated text (stop strings and stop tokens excluded).</param>
/// <param name="FinishReason">stop, length or cancelled.</param>
/// <param name="Answer">The extracted answer, when test-time scaling ran and one was found.</param>
/// <param name="SampleIndex">The sample the choice came from (with selection, its index in the pool).</param>
/// <param name="TokenLogprobs">Per-token log-probabilities when requested.</param>
/// <param name="ToolCalls">The tool calls the choice made (with tools); <see cref="Text"/> is then the text outside them.</param>
public sealed record InferenceChoice(int Index, string Text, FinishReason FinishReason, string? Answer, int SampleIndex,
    IReadOnlyList<float>? TokenLogprobs = null, IReadOnlyList<Protocol.ToolCallDto>? ToolCalls = null);

/// <summary>The result of a call: the choices, what was spent, and (with test-time scaling) why these were chosen.</summary>
/// <param name="Id">The request id.</param>
/// <param name="Model">The model id.</param>
/// <param name="Choices">The returned choices (k with selection, n without).</param>
/// <param name="PromptTokens">Tokens in the prompt (counted once per wave of samples).</param>
/// <param name="CompletionTokens">Tokens generated across all samples, selected or not.</param>
/// <param name="Explanation">The selection's explanation (votes per answer, scores, tie-breaks, fallbacks), or null.</param>
/// <param name="Cost">Samples, waves and time per stage, or null without test-time scaling.</param>
/// <param name="Fallback">A fallback the pipeline took (e.g. reward missing, majority used), or null.</param>
/// <param name="Candidates">Every sample as a selection candidate, when asked for.</param>
public sealed record InferenceCompletion(
    string Id,
    string Model,
    IReadOnlyList<InferenceChoice> Choices,
    int PromptTokens,
    int CompletionTokens,
    SelectionExplanation? Explanation,
    PipelineCost? Cost,
    string? Fallback,
    IReadOnlyList<Candidate>? Candidates)
{
    /// <summary>What early rejection did (test_time_scaling.early_rejection), or null.</summary>
    public RejectionOutcome? EarlyRejection { get; init; }

    /// <summary>This prompt's share of a budget across prompts (test_time_scaling.budget), or null.</summary>
    public BudgetShare? Budget { get; init; }
}

/// <summary>
/// A piece of a streamed completion. Without selection: a text delta of choice <see cref="ChoiceIndex"/> (choices
/// interleave), and a final update per choice with its <see cref="FinishReason"/>. With selection: progress updates
/// while sampling, then each chosen choice's text, then its finish.
/// </summary>
/// <param name="ChoiceIndex">The choice the update belongs to (-1 for progress).</param>
/// <param name="TextDelta">Text to append to that choice.</param>
/// <param name="FinishReason">Set on the last update of a choice.</param>
/// <param name="Progress">Sampling progress (with selection), otherwise null.</param>
/// <param name="Completion">The whole completion, on the very last update.</param>
public sealed record InferenceUpdate(int ChoiceIndex, string TextDelta, FinishReason? FinishReason, PipelineProgress? Progress,
    InferenceCompletion? Completion = null)
{
    /// <summary>With tools, on a choice's last update: the calls it made (its text deltas were the text outside them).</summary>
    public IReadOnlyList<Protocol.ToolCallDto>? ToolCalls { get; init; }
}
