using Inference.Server.Options;

namespace Inference.Server.Models;

/// <summary>The reward model folder paired with a served model; <see cref="Explicit"/> when configuration named it
/// (then a failure to load it fails the model), false for the bundled pair (then the model is served without).</summary>
public sealed record RewardModelFolder(string Folder, bool Explicit)
{
    /// <summary>The name clients see in /v1/models: the folder's name.</summary>
    public string Name => Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar));
}

/// <summary>
/// Decides which reward model scores which served model. A reward model judges the outputs of the model it was
/// trained for, so it is never applied to other models by default: <c>Models:RewardModels:&lt;id&gt;</c> names a
/// model's reward model (or "none"); <c>Models:RewardModel</c> names the reward model of the only served model (or
/// "none" for every model); with neither, the bundled models/arith-lm gets the bundled models/arith-reward and every
/// other model none. Problems are configuration errors (<see cref="InvalidOperationException"/>).
/// </summary>
public static class RewardModelPairing
{
    public const string None = "none";

    /// <param name="remote">Ids of the models served by backends only (Models:Remote): paired only by configuration.</param>
    public static IReadOnlyDictionary<string, RewardModelFolder?> Resolve(IReadOnlyList<ModelFolderSpec> specs, IReadOnlyList<string> remote,
        ModelsOptions options)
    {
        var served = specs.Select(s => s.Id).Concat(remote).ToList();
        var ids = served.ToHashSet(StringComparer.Ordinal);
        foreach (var id in options.RewardModels.Keys.Where(id => !ids.Contains(id)))
            throw new InvalidOperationException(
                $"Models:RewardModels:{id} pairs a reward model with '{id}', which is not a served model (served: {string.Join(", ", ids.Order(StringComparer.Ordinal))}).");
        var global = string.IsNullOrWhiteSpace(options.RewardModel) ? null : options.RewardModel.Trim();
        if (global is not null && !IsNone(global) && ids.Count > 1)
            throw new InvalidOperationException(
                $"Models:RewardModel (--reward-model) names one reward model but {ids.Count} models are served; a reward model scores the model it was " +
                $"trained for, so pair it by id: --reward-model <id>=<folder> (Models:RewardModels:<id>), e.g. --reward-model {served[0]}={global}.");

        var bundledLm = BundledModels.Find(BundledModels.LanguageModel);
        var bundledReward = BundledModels.Find(BundledModels.RewardModel);
        var pairs = new Dictionary<string, RewardModelFolder?>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            if (options.RewardModels.TryGetValue(spec.Id, out var configured))
                pairs[spec.Id] = Configured(configured, $"Models:RewardModels:{spec.Id}");
            else if (global is not null)
                pairs[spec.Id] = Configured(global, "Models:RewardModel");
            else if (bundledLm is not null && bundledReward is not null && SameFolder(spec.Folder, bundledLm))
                pairs[spec.Id] = new RewardModelFolder(Path.GetFullPath(bundledReward), Explicit: false);
            else
                pairs[spec.Id] = null;
        }
        foreach (var id in remote)
            pairs[id] = options.RewardModels.TryGetValue(id, out var configured) ? Configured(configured, $"Models:RewardModels:{id}")
                : global is not null ? Configured(global, "Models:RewardModel")
                : null;
        return pairs;
    }

    private static RewardModelFolder? Configured(string value, string key)
    {
        if (IsNone(value)) return null;
        var folder = BundledModels.Locate(value.Trim())
                     ?? throw new InvalidOperationException($"{key}: the reward model folder '{value}' does not exist (looked in the current directory, the application folder and their parents).");
        if (!File.Exists(Path.Combine(folder, "model.onnx")))
            throw new InvalidOperationException($"{key}: '{folder}' holds no model.onnx.");
        return new RewardModelFolder(folder, Explicit: true);
    }

    private static bool IsNone(string value) => string.Equals(value.Trim(), None, StringComparison.OrdinalIgnoreCase);

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
