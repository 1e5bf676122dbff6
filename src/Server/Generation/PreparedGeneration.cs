using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Server.Models;
using Inference.Server.Scaling;

namespace Inference.Server.Generation;

/// <summary>One prompt ready to run: tokens, sampling, how many samples to draw and how many choices to return.</summary>
/// <param name="ModelName">The name the client sent (echoed in responses, as OpenAI does).</param>
/// <param name="UserPrompt">The prompt as the user wrote it, for verifiers.</param>
/// <param name="RenderedPrompt">The prompt text the model sees (template applied).</param>
/// <param name="N">Choices returned per prompt.</param>
/// <param name="Samples">Samples drawn per prompt (n, best_of, or the selection's N).</param>
public sealed record PreparedGeneration(
    ServedModel Model,
    string ModelName,
    IReadOnlyList<int> PromptTokens,
    string UserPrompt,
    string RenderedPrompt,
    SamplingParams Sampling,
    int N,
    int Samples,
    ScalingPlan? Plan)
{
    /// <summary>Score the prompt with this many top alternatives per token (completions with echo and logprobs).</summary>
    public int? PromptLogprobs { get; init; }

    /// <summary>New for a request's first prompt, the one a full queue may refuse (429 before any byte); FollowUp for
    /// the other prompts of the same call, which run only once the first was admitted and are never refused.</summary>
    public QueueAdmission Admission { get; init; } = QueueAdmission.New;
}
