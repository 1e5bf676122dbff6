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

    public void MarkReady(ModelPackage package, GenerationScheduler scheduler, TestTimeScalingPipeline pipeline)
    {
        Package = package;
        Scheduler = scheduler;
        Pipeline = pipeline;
        State = ModelState.Ready;
    }

    public void MarkFailed(string error)
    {
        Error = error;
        State = ModelState.Failed;
    }
}
