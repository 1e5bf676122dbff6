using Inference.Engine.Generation;
using Inference.Engine.Sampling;

namespace Inference.Pipeline;

/// <summary>One prompt to answer with test-time scaling.</summary>
/// <param name="PromptTokens">The prompt as the model takes it (chat template applied, tokenized).</param>
/// <param name="Prompt">The prompt as the user wrote it (last user message or completion prompt), for verifiers.</param>
/// <param name="RenderedPrompt">The prompt text as the model saw it, for verifiers that score prompt + response.</param>
public sealed record PipelineRequest(
    IReadOnlyList<int> PromptTokens,
    string Prompt,
    string? RenderedPrompt,
    SamplingParams Sampling,
    TestTimeScalingOptions Options)
{
    /// <summary>How the first wave meets the scheduler's queue bound: a new request may be refused (429), a prompt of
    /// an already admitted request may not. Later waves are always follow-ups.</summary>
    public QueueAdmission Admission { get; init; } = QueueAdmission.New;

    /// <summary>The selection built when the request was checked (<see cref="TestTimeScalingPipeline.Prepare"/>); null
    /// builds it from <see cref="Options"/> when the run starts.</summary>
    public PreparedSelection? Prepared { get; init; }

    /// <summary>The request as the client sent it, for sample sources on other servers; null keeps sampling local.</summary>
    public Sources.UpstreamRequest? Upstream { get; init; }
}

/// <summary>Where a pipeline run is: samples finished so far out of those planned (rejected ones included), tokens
/// sampled so far (all samples, finished or not), from which a client can show tokens per second while it waits, and
/// how many samples early rejection has stopped and refilled (refills raise the samples planned).</summary>
public sealed record PipelineProgress(string Stage, int SamplesDone, int SamplesPlanned, int TokensDone = 0, int Rejected = 0, int Refilled = 0)
{
    /// <summary>Samples finished so far by each source that delivered some, when the samples come from a pool.</summary>
    public IReadOnlyDictionary<string, int>? SamplesBySource { get; init; }
}
