using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Inference.Engine.Sampling;
using Inference.Pipeline;
using Inference.Server.Options;
using Inference.Server.ScaleOut;
using Inference.Verifiers;
using Microsoft.Extensions.Options;

namespace Inference.Server.Models;

/// <summary>
/// Loads every configured model in the background (so /health/live answers at once), starts its scheduler and runs
/// a short warm-up generation; a model is ready only after its warm-up produced tokens.
/// </summary>
public sealed class ModelLoader(
    ModelCatalog catalog,
    IOptions<ModelsOptions> models,
    IOptions<SchedulerLimitsOptions> limits,
    ExternalVerifiers verifiers,
    BackendPools pools,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger logger = loggers.CreateLogger<ModelLoader>();

    private IReadOnlyCollection<string> ServedIds => catalog.Models.Select(m => m.Id).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(() => catalog.Accepting = false);
        await Task.Yield();
        if (catalog.ConfigurationError is { } error)
        {
            // Program refuses to start in this case; a host built another way reports it and stays not ready.
            logger.LogCritical("No model can be served: {Error} Start with --model <folder>.", error);
            return;
        }
        if (pools.Problems(ServedIds, catalog.Remote).ToList() is { Count: > 0 } problems)
        {
            catalog.StartupFailure = string.Join(" ", problems);
            logger.LogCritical("Start-up failed: {Reason}", catalog.StartupFailure);
            lifetime.StopApplication();
            return;
        }
        // One instance per reward model folder, shared by the models paired with it.
        var rewards = new Dictionary<string, RewardModelLoad>(StringComparer.Ordinal);
        foreach (var model in catalog.Models)
        {
            if (stoppingToken.IsCancellationRequested) return;
            if (model.Spec is { } spec) logger.LogInformation("Loading model {Model} from {Folder}", model.Id, spec.Folder);
            RewardModelLoad? reward = null;
            if (model.RewardFolder is { } folder && !rewards.TryGetValue(folder.Folder, out reward))
                rewards[folder.Folder] = reward = await Task.Run(() => LoadRewardModel(folder), stoppingToken);
            if (model.Spec is { } local) await Task.Run(() => LoadAsync(model, local, reward, stoppingToken), stoppingToken);
            else PublishRemote(model, reward);
        }
    }

    /// <summary>A model served by backends only: nothing to load but its reward model; its pipeline draws on the backends.</summary>
    private void PublishRemote(ModelEntry model, RewardModelLoad? reward)
    {
        if (reward is { Model: null })
        {
            model.Fail($"its reward model {model.RewardFolder!.Folder} failed to load: {reward.Error}");
            logger.LogError("Model {Model} is not served: {Error}", model.Id, model.Error);
            return;
        }
        var pipeline = new TestTimeScalingPipeline(null, new VerifierCatalog(reward?.Model, verifiers.All), source: pools.SourceFor(model.Id, ServedIds, null));
        model.Publish(new ServedModel(model.Id, null, null, pipeline, reward?.Model, model.Defaults));
        logger.LogInformation("Model {Model} ready: served by backends {Backends} (nothing loaded here; reward model: {Reward})", model.Id,
            string.Join(", ", pools.For(model.Id, ServedIds)), reward?.Model is null ? "none" : model.RewardFolder!.Name);
    }

    private async Task LoadAsync(ModelEntry model, ModelFolderSpec spec, RewardModelLoad? reward, CancellationToken stoppingToken)
    {
        var options = models.Value;
        ModelPackage? package = null;
        GenerationScheduler? scheduler = null;
        try
        {
            // A reward model named in configuration that cannot be loaded fails its model: serving it without would
            // silently refuse every reward-ranked request. The bundled pair is optional.
            if (reward is { Model: null } && model.RewardFolder!.Explicit)
                throw new InvalidOperationException($"its reward model {model.RewardFolder.Folder} failed to load: {reward.Error}");
            package = ModelPackage.Load(spec.Folder, new ModelPackageOptions
            {
                Device = options.Device,
                FallbackToCpu = options.FallbackToCpu,
                Cuda = options.Cuda,
                IntraOpThreads = options.IntraOpThreads,
                AllowSpinning = options.AllowSpinning,
                Id = model.Id,
            }, loggers.CreateLogger<ModelPackage>());
            scheduler = new GenerationScheduler(package, limits.Value.ToSchedulerOptions(), loggers.CreateLogger<GenerationScheduler>());
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var warmup = await scheduler.GenerateAsync(new GenerationRequest
            {
                PromptTokens = WarmupPrompt(package),
                Sampling = new SamplingParams { Temperature = 0, MaxTokens = options.WarmupTokens, IgnoreEos = true, Seed = 0 },
            }, stoppingToken);
            if (warmup.CompletionTokens < 1) throw new InvalidOperationException("the warm-up generation produced no token.");
            var pipeline = new TestTimeScalingPipeline(scheduler, new VerifierCatalog(reward?.Model, verifiers.All), source: pools.SourceFor(model.Id, ServedIds, scheduler));
            model.Publish(new ServedModel(model.Id, package, scheduler, pipeline, reward?.Model, model.Defaults));
            logger.LogInformation("Model {Model} ready on {Providers} (warm-up {Tokens} tokens in {Ms:F0} ms; reward model: {Reward})", model.Id,
                string.Join(", ", package.Descriptor.ExecutionProviders), warmup.CompletionTokens,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, reward?.Model is null ? "none" : model.RewardFolder!.Name);
        }
        catch (ExecutionProviderUnavailableException ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Models:FallbackToCpu=false: a server that cannot use the device it was configured for does not serve.
            catalog.StartupFailure = $"Models:Device={options.Device}, but the {ex.Device} device cannot be used: {ex.Reason} " +
                                     "Set Models:FallbackToCpu=true to run on CPU instead.";
            logger.LogCritical("Start-up failed: {Reason}", catalog.StartupFailure);
            model.Fail(ex.Message);
            lifetime.StopApplication();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A folder the loader refuses (an export layout it cannot drive, a missing file) is said in one line; anything
            // else is unexpected and logged with its stack.
            if (ex is ModelPackageException) logger.LogError("Model {Model} from {Folder} failed to load: {Error}", model.Id, spec.Folder, ex.Message);
            else logger.LogError(ex, "Model {Model} from {Folder} failed to load", model.Id, spec.Folder);
            model.Fail(ex.Message);
            if (scheduler is not null) await scheduler.DisposeAsync();
            package?.Dispose();
        }
    }

    private static int[] WarmupPrompt(ModelPackage package)
    {
        var ids = package.Tokenizer.Encode("1+1=", addSpecialTokens: false);
        if (ids.Length > 0 && ids.All(id => id < package.Descriptor.VocabSize)) return ids;
        return [package.Descriptor.BosTokenId ?? package.Descriptor.PadTokenId];
    }

    private RewardModelLoad LoadRewardModel(RewardModelFolder folder)
    {
        try
        {
            var reward = catalog.Own(Verifiers.RewardModel.Load(folder.Folder, models.Value.IntraOpThreads));
            logger.LogInformation("Reward model loaded from {Folder}", folder.Folder);
            return new RewardModelLoad(reward, null);
        }
        catch (Exception ex)
        {
            // Without a reward model the reward-ranked strategies answer 400; everything else still works.
            logger.LogError(ex, "The reward model in {Folder} failed to load", folder.Folder);
            return new RewardModelLoad(null, ex.Message);
        }
    }

    private sealed record RewardModelLoad(Verifiers.RewardModel? Model, string? Error);
}
