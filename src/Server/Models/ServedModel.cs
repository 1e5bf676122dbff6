using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Pipeline;
using Inference.Pipeline.Requests;
using Inference.Server.Options;

namespace Inference.Server.Models;

/// <summary>
/// A model ready to serve: its package, its scheduler (one decode loop), its selection pipeline and the reward model
/// paired with it. Built whole by the loader once the warm-up passed and published then (<see cref="ModelEntry.Publish"/>);
/// it never changes afterwards, so a request that holds one has everything it needs.
/// </summary>
public sealed record ServedModel(
    string Id,
    ModelPackage Package,
    GenerationScheduler Scheduler,
    TestTimeScalingPipeline Pipeline,
    Verifiers.RewardModel? RewardModel,
    TestTimeScalingDefaults? Defaults)
{
    /// <summary>The model as the request resolver sees it.</summary>
    public ModelContext Context { get; } = ModelContext.Of(Package, Pipeline);
}
