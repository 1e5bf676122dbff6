using Inference.Engine.Generation;
using Inference.Engine.Sampling;
using Inference.Pipeline;
using Inference.Pipeline.Requests;
using Inference.Pipeline.Sources;
using Inference.Server.Models;

namespace Inference.Server.Generation;

/// <summary>One prompt ready to run: its tokens and the resolved request (sampling, choices, samples, selection).</summary>
/// <param name="ModelName">The name the client sent (echoed in responses, as OpenAI does).</param>
/// <param name="UserPrompt">The prompt as the user wrote it, for verifiers.</param>
/// <param name="RenderedPrompt">The prompt text the model sees (template applied); null for a model served by backends
/// only, whose template is applied there.</param>
public sealed record PreparedGeneration(
    ServedModel Model,
    string ModelName,
    IReadOnlyList<int> PromptTokens,
    string UserPrompt,
    string? RenderedPrompt,
    ResolvedRequest Request)
{
    public SamplingParams Sampling => Request.Sampling;

    /// <summary>Choices returned per prompt.</summary>
    public int N => Request.N;

    /// <summary>Samples drawn per prompt (n, best_of, or the selection's N).</summary>
    public int Samples => Request.Samples;

    public PreparedSelection? Selection => Request.Selection;

    /// <summary>Score the prompt with this many top alternatives per token (completions with echo and logprobs).</summary>
    public int? PromptLogprobs => Request.PromptLogprobs;

    /// <summary>New for a request's first prompt, the one a full queue may refuse (429 before any byte); FollowUp for
    /// the other prompts of the same call, which run only once the first was admitted and are never refused.</summary>
    public QueueAdmission Admission { get; init; } = QueueAdmission.New;

    /// <summary>The request as the client sent it, for a model whose samples are drawn on backends; null otherwise.</summary>
    public UpstreamRequest? Upstream { get; init; }

    /// <summary>The prompt's tokens as usage reports them: this server's tokenization, or the backends' count for a
    /// model served by backends only.</summary>
    public int PromptTokensOf(PipelineResult result) => Model.IsRemote ? result.PromptLength : PromptTokens.Count;
}
