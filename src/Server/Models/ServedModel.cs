using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Pipeline;
using Inference.Server.Options;

namespace Inference.Server.Models;

/// <summary>One served model: its package, its scheduler (one decode loop), its selection pipeline and readiness.</summary>
public sealed class ServedModel(ModelFolderSpec spec)
{
    public string Id { get; } = spec.Id;

    public ModelFolderSpec Spec { get; } = spec;

    public ModelState State { get; private set; } = ModelState.Loading;

    /// <summary>Why loading or warm-up failed.</summary>
    public string? Error { get; private set; }

    public ModelPackage? Package { get; private set; }

    public GenerationScheduler? Scheduler { get; private set; }

    public TestTimeScalingPipeline? Pipeline { get; private set; }

    public TestTimeScalingDefaults? Defaults { get; init; }

    /// <summary>The reward model folder paired with this model by configuration (or the bundled pair), if any.</summary>
    public RewardModelFolder? RewardFolder { get; init; }

    /// <summary>The loaded reward model that scores this model's samples; null when none is paired or it failed to load.</summary>
    public Verifiers.RewardModel? RewardModel { get; private set; }

    public void MarkReady(ModelPackage package, GenerationScheduler scheduler, TestTimeScalingPipeline pipeline, Verifiers.RewardModel? rewardModel)
    {
        Package = package;
        Scheduler = scheduler;
        Pipeline = pipeline;
        RewardModel = rewardModel;
        State = ModelState.Ready;
    }

    public void MarkFailed(string error)
    {
        Error = error;
        State = ModelState.Failed;
    }
}
