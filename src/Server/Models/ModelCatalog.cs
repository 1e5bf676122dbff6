using Inference.Pipeline;
using Inference.Server.Errors;
using Inference.Server.Options;
using Inference.Pipeline.Requests;
using Inference.Selection;
using Microsoft.Extensions.Options;

namespace Inference.Server.Models;

/// <summary>
/// The served models by id and the names that resolve to them: ids, configured aliases and the
/// "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;" form. Owns the schedulers and the reward models and disposes them when the host is
/// disposed, which happens after Kestrel has drained the in-flight requests.
/// </summary>
public sealed class ModelCatalog : IAsyncDisposable
{
    private readonly Dictionary<string, ModelEntry> models;
    private readonly TestTimeScalingServerOptions scaling;
    private readonly List<Verifiers.RewardModel> rewardModels = [];

    public ModelCatalog(IOptions<ModelsOptions> options, IOptions<TestTimeScalingServerOptions> scaling)
    {
        this.scaling = scaling.Value;
        IReadOnlyDictionary<string, RewardModelFolder?> rewards;
        try
        {
            Specs = ModelFolderSpec.Expand(options.Value.Folders, bundledWhenEmpty: options.Value.Remote.Count == 0);
            Remote = RemoteIds(options.Value.Remote, Specs);
            rewards = RewardModelPairing.Resolve(Specs, Remote, options.Value);
            CheckServerSelections(rewards);
            ConfigurationError = null;
        }
        catch (InvalidOperationException ex)
        {
            Specs = [];
            Remote = [];
            rewards = new Dictionary<string, RewardModelFolder?>();
            ConfigurationError = ex.Message;
        }
        models = Specs.Select(s => (s.Id, Spec: (ModelFolderSpec?)s)).Concat(Remote.Select(id => (Id: id, Spec: (ModelFolderSpec?)null)))
            .ToDictionary(m => m.Id, m => new ModelEntry(m.Id, m.Spec, rewards.GetValueOrDefault(m.Id), this.scaling.Defaults.GetValueOrDefault(m.Id)),
                StringComparer.Ordinal);
    }

    /// <summary>The model folders loaded here.</summary>
    public IReadOnlyList<ModelFolderSpec> Specs { get; }

    /// <summary>The ids of the models served by backends only (Models:Remote).</summary>
    public IReadOnlyList<string> Remote { get; }

    /// <summary>Why no model could be configured (no folder given and no bundled model found).</summary>
    public string? ConfigurationError { get; }

    /// <summary>Why the server stopped during start-up (the device asked for cannot be used and falling back is off).</summary>
    public string? StartupFailure { get; set; }

    public IReadOnlyCollection<ModelEntry> Models => models.Values;

    /// <summary>Takes ownership of a loaded reward model (disposed with the catalog, whichever models use it).</summary>
    public Verifiers.RewardModel Own(Verifiers.RewardModel rewardModel)
    {
        lock (rewardModels) rewardModels.Add(rewardModel);
        return rewardModel;
    }

    /// <summary>False once shutdown began: readiness then reports 503 so load balancers stop sending.</summary>
    public bool Accepting { get; set; } = true;

    public bool AllReady => Accepting && models.Count > 0 && models.Values.All(m => m.State == ModelState.Ready);

    /// <summary>The model a request names, and the selection its alias implies; 404 for an unknown name, 503 while loading.</summary>
    public (ServedModel Model, AliasSelection? Alias) Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw ApiException.BadRequest("model", "'model' is required.");
        var (model, alias) = Find(name) ?? throw ApiException.ModelNotFound(name, models.Keys);
        return model.Load switch
        {
            { Served: { } served } when Accepting => (served, alias),
            { State: ModelState.Ready } => throw new ApiException(503, ErrorTypes.Server, "The server is shutting down.", null, "shutting_down") { RetryAfterSeconds = 1 },
            { State: ModelState.Failed } => throw new ApiException(503, ErrorTypes.Server, $"The model '{model.Id}' failed to load: {model.Error}", null, "model_load_failed"),
            _ => throw ApiException.NotReady($"The model '{model.Id}'"),
        };
    }

    /// <summary>
    /// The served model a name stands for, whatever its state: a model id, a configured alias or
    /// "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;", with the selection the alias implies; null when it stands for no served model.
    /// A name in the alias form with an unknown strategy or a bad N is a 400 naming "model".
    /// </summary>
    public (ModelEntry Model, AliasSelection? Alias)? Find(string name)
    {
        var (id, alias) = Lookup(name);
        return id is not null && models.TryGetValue(id, out var model) ? (model, alias) : null;
    }

    /// <summary>Configured aliases (TestTimeScaling:Aliases) by name, with the model and selection each stands for.</summary>
    public IEnumerable<(string Name, ModelEntry Model, AliasSelection Alias)> ConfiguredAliases =>
        scaling.Aliases.Where(a => models.ContainsKey(a.Value.Model)).OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (a.Key, models[a.Value.Model], Configured(a.Value)));

    /// <summary>Like <see cref="Resolve"/> but a missing name means the only served model (utility endpoints).</summary>
    public ServedModel ResolveOrSingle(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) && models.Count == 1) name = models.Keys.First();
        return Resolve(name).Model;
    }

    /// <summary>Server-side selections must name served models (a typo would otherwise be ignored until a request
    /// failed), aliases must not hide a model id, and those that rank by reward need the model to have a reward model.</summary>
    private void CheckServerSelections(IReadOnlyDictionary<string, RewardModelFolder?> rewards)
    {
        var served = string.Join(", ", rewards.Keys.Order(StringComparer.Ordinal));
        foreach (var (model, defaults) in scaling.Defaults)
        {
            if (!rewards.TryGetValue(model, out var reward))
                throw new InvalidOperationException($"TestTimeScaling:Defaults:{model} names no served model (served: {served}).");
            if (defaults.Strategy is { } s && RanksByReward(s) && reward is null)
                throw new InvalidOperationException(
                    $"TestTimeScaling:Defaults:{model}:Strategy is {s}, which ranks by reward, but '{model}' has no reward model (pair one with Models:RewardModels:{model}).");
        }
        foreach (var (name, alias) in scaling.Aliases)
        {
            if (rewards.ContainsKey(name))
                throw new InvalidOperationException($"TestTimeScaling:Aliases:{name} has the id of a served model; choose another name.");
            if (!rewards.TryGetValue(alias.Model, out var reward))
                throw new InvalidOperationException($"TestTimeScaling:Aliases:{name}:Model '{alias.Model}' is not a served model (served: {served}).");
            if (RanksByReward(alias.Strategy) && reward is null)
                throw new InvalidOperationException(
                    $"TestTimeScaling:Aliases:{name} uses {alias.Strategy}, which ranks by reward, but '{alias.Model}' has no reward model (pair one with Models:RewardModels:{alias.Model}).");
        }
    }

    /// <summary>Models:Remote as ids: each a usable model name, given once, and not also the id of a folder.</summary>
    private static IReadOnlyList<string> RemoteIds(IReadOnlyList<string> remote, IReadOnlyList<ModelFolderSpec> specs)
    {
        foreach (var id in remote)
        {
            if (string.IsNullOrWhiteSpace(id) || id != id.Trim() || id.Any(char.IsWhiteSpace) || id.Contains(':'))
                throw new InvalidOperationException($"Models:Remote has '{id}', which is not a model id (no spaces or ':', which starts a '<model>:<strategy>@<N>' alias).");
            if (specs.Any(s => s.Id == id))
                throw new InvalidOperationException($"Models:Remote has '{id}', which is also the id of a model folder; a model is loaded here or served by backends, not both.");
        }
        if (remote.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidOperationException($"Models:Remote has '{twice.Key}' twice.");
        return remote.ToList();
    }

    /// <summary>A configured alias as the selection it implies (its strategy was checked at start-up).</summary>
    private static AliasSelection Configured(ModelAliasOptions alias) =>
        new(SelectionStrategyRegistry.Default.Canonical(alias.Strategy) ?? alias.Strategy, alias.Samples);

    /// <summary>Whether a strategy, with its default settings (weighted_majority weighs by reward), needs a reward model.</summary>
    private static bool RanksByReward(string strategy) =>
        SelectionStrategyRegistry.Default.TryGet(strategy, out var s) && s.Needs(SelectionOptions.Default).HasFlag(SelectionNeeds.Reward);

    private (string? Id, AliasSelection? Alias) Lookup(string name)
    {
        if (models.ContainsKey(name)) return (name, null);
        if (scaling.Aliases.TryGetValue(name, out var configured))
            return (configured.Model, Configured(configured));
        if (AliasSelection.TryParse(name, out var model, out var parsed)) return (model, parsed);
        return (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var model in models.Values)
        {
            if (model.Served is not { } served) continue;
            if (served.Scheduler is not null) await served.Scheduler.DisposeAsync();
            served.Package?.Dispose();
        }
        lock (rewardModels)
            foreach (var reward in rewardModels) reward.Dispose();
    }
}
