using Inference.Engine.Packages;

namespace Inference.Pipeline.Requests;

/// <summary>What resolving a request needs of the model it runs on: its context and vocabulary, the generation
/// defaults its package declares (genai_config.json "search" or generation_config.json), and its selection pipeline
/// (which reward model and named verifiers it has).</summary>
public sealed record ModelContext(string Id, int ContextLength, int VocabSize, SearchDefaults GenerationDefaults, TestTimeScalingPipeline Pipeline)
{
    public static ModelContext Of(ModelPackage package, TestTimeScalingPipeline pipeline) =>
        new(package.Descriptor.Id, package.Descriptor.ContextLength, package.Descriptor.VocabSize, package.Defaults, pipeline);

    /// <summary>A model served by backends only: its context, vocabulary and generation defaults are the backends'
    /// (they check prompt length and token ids, and their refusals are passed on), so nothing is bounded here.</summary>
    public static ModelContext Remote(string id, TestTimeScalingPipeline pipeline) => new(id, int.MaxValue, int.MaxValue, new SearchDefaults(), pipeline);

    public bool HasRewardModel => Pipeline.Catalog.RewardModel is not null;
}
