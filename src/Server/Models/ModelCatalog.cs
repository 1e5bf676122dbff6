using Inference.Pipeline;
using Inference.Server.Errors;
using Inference.Server.Options;
using Inference.Server.Scaling;
using Inference.Verifiers;
using Microsoft.Extensions.Options;

namespace Inference.Server.Models;

/// <summary>
/// The served models by id and the names that resolve to them: ids, configured aliases and the
/// "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;" form. Owns the schedulers and the reward model and disposes them when the host is
/// disposed, which happens after Kestrel has drained the in-flight requests.
/// </summary>
public sealed class ModelCatalog : IAsyncDisposable
{
    private readonly Dictionary<string, ServedModel> models;
    private readonly TestTimeScalingServerOptions scaling;

    public ModelCatalog(IOptions<ModelsOptions> options, IOptions<TestTimeScalingServerOptions> scaling)
    {
        this.scaling = scaling.Value;
        try
        {
            Specs = ModelFolderSpec.Expand(options.Value.Folders);
            ConfigurationError = null;
        }
        catch (InvalidOperationException ex)
        {
            Specs = [];
            ConfigurationError = ex.Message;
        }
        models = Specs.ToDictionary(s => s.Id, s => new ServedModel(s) { Defaults = this.scaling.Defaults.GetValueOrDefault(s.Id) }, StringComparer.Ordinal);
    }

    public IReadOnlyList<ModelFolderSpec> Specs { get; }

    /// <summary>Why no model could be configured (no folder given and no bundled model found).</summary>
    public string? ConfigurationError { get; }

    /// <summary>Why the server stopped during start-up (the device asked for cannot be used and falling back is off).</summary>
    public string? StartupFailure { get; set; }

    public IReadOnlyCollection<ServedModel> Models => models.Values;

    public Verifiers.RewardModel? RewardModel { get; set; }

    public IReadOnlyDictionary<string, IVerifier> ExternalVerifiers { get; set; } = new Dictionary<string, IVerifier>();

    /// <summary>False once shutdown began: readiness then reports 503 so load balancers stop sending.</summary>
    public bool Accepting { get; set; } = true;

    public bool AllReady => Accepting && models.Count > 0 && models.Values.All(m => m.State == ModelState.Ready);

    /// <summary>The model a request names, and the selection its alias implies; 404 for an unknown name, 503 while loading.</summary>
    public (ServedModel Model, AliasSelection? Alias) Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw ApiException.BadRequest("model", "'model' is required.");
        var (id, alias) = Lookup(name);
        if (id is null || !models.TryGetValue(id, out var model)) throw ApiException.ModelNotFound(name, models.Keys);
        return model.State switch
        {
            ModelState.Ready when Accepting => (model, alias),
            ModelState.Ready => throw new ApiException(503, ErrorTypes.Server, "The server is shutting down.", null, "shutting_down") { RetryAfterSeconds = 1 },
            ModelState.Failed => throw new ApiException(503, ErrorTypes.Server, $"The model '{model.Id}' failed to load: {model.Error}", null, "model_load_failed"),
            _ => throw ApiException.NotReady($"The model '{model.Id}'"),
        };
    }

    /// <summary>Like <see cref="Resolve"/> but a missing name means the only served model (utility endpoints).</summary>
    public ServedModel ResolveOrSingle(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) && models.Count == 1) name = models.Keys.First();
        return Resolve(name).Model;
    }

    private (string? Id, AliasSelection? Alias) Lookup(string name)
    {
        if (models.ContainsKey(name)) return (name, null);
        if (scaling.Aliases.TryGetValue(name, out var configured))
            return (configured.Model, new AliasSelection(StrategyNames.Canonical(configured.Strategy), configured.Samples));
        if (AliasSelection.TryParse(name, out var model, out var parsed)) return (model, parsed);
        return (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var model in models.Values)
        {
            if (model.Scheduler is { } scheduler) await scheduler.DisposeAsync();
            model.Package?.Dispose();
        }
        RewardModel?.Dispose();
    }
}
