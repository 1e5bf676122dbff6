using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Pipeline;
using Inference.Pipeline.Requests;
using Inference.Pipeline.Sources;
using Inference.Server.Errors;
using Inference.Server.Options;

namespace Inference.Server.Models;

/// <summary>
/// A model ready to serve: its package, its scheduler (one decode loop), its selection pipeline and the reward model
/// paired with it. Built whole by the loader once the warm-up passed and published then (<see cref="ModelEntry.Publish"/>);
/// it never changes afterwards, so a request that holds one has everything it needs. A model served by backends only
/// (Models:Remote) has no package and no scheduler: its pipeline draws every sample on the backends.
/// </summary>
public sealed record ServedModel(
    string Id,
    ModelPackage? Package,
    GenerationScheduler? Scheduler,
    TestTimeScalingPipeline Pipeline,
    Verifiers.RewardModel? RewardModel,
    TestTimeScalingDefaults? Defaults)
{
    /// <summary>The model as the request resolver sees it.</summary>
    public ModelContext Context { get; } = Package is null ? ModelContext.Remote(Id, Pipeline) : ModelContext.Of(Package, Pipeline);

    /// <summary>Served by backends only: this server has no tokenizer, chat template or engine for it.</summary>
    public bool IsRemote => Package is null;

    /// <summary>Its samples may come from backends (a pool: always for a model served by backends only), which need
    /// the request as the client sent it and return text without this server's token ids.</summary>
    public bool DrawsOnBackends => Pipeline.Source is ShardedSampleSource;

    /// <summary>The model's package, for what only a loaded model can do (<paramref name="what"/>); a model served by
    /// backends only answers 400 naming "model".</summary>
    public ModelPackage LocalPackage(string what) => Package
        ?? throw ApiException.BadRequest("model", $"The model '{Id}' is served by backends only (Models:Remote): this server has no tokenizer or chat template for it, so it cannot {what}.");
}
