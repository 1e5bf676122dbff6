using Inference.Engine.Generation;
using Inference.Server.Options;

namespace Inference.Server.Models;

/// <summary>A configured model: its folder (none for a model served by backends only, Models:Remote), the reward model
/// paired with it and its selection defaults, and its load state, kept apart from the <see cref="ServedModel"/> that
/// exists only once it is ready.</summary>
public sealed class ModelEntry(string id, ModelFolderSpec? spec, RewardModelFolder? rewardFolder, TestTimeScalingDefaults? defaults)
{
    private volatile ModelLoad load = ModelLoad.Loading;

    public string Id => id;

    /// <summary>The folder loaded for this model; null when its samples are drawn on backends only.</summary>
    public ModelFolderSpec? Spec => spec;

    /// <summary>Served by backends only (Models:Remote): nothing is loaded here.</summary>
    public bool IsRemote => spec is null;

    /// <summary>The reward model folder paired with this model by configuration (or the bundled pair), if any.</summary>
    public RewardModelFolder? RewardFolder => rewardFolder;

    public TestTimeScalingDefaults? Defaults => defaults;

    public ModelLoad Load => load;

    public ModelState State => load.State;

    /// <summary>Why loading or warm-up failed.</summary>
    public string? Error => load.Error;

    /// <summary>The served model, once ready.</summary>
    public ServedModel? Served => load.Served;

    /// <summary>The decode loop of the served model, once ready (none for a model served by backends only).</summary>
    public GenerationScheduler? Scheduler => load.Served?.Scheduler;

    public void Publish(ServedModel served) => load = new ModelLoad(ModelState.Ready, null, served);

    public void Fail(string error) => load = new ModelLoad(ModelState.Failed, error, null);
}
