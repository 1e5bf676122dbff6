using Inference.Engine.Generation;
using Inference.Engine.Packages;
using Inference.Engine.Runtime;
using Inference.Engine.Sampling;
using Inference.Pipeline;
using Inference.Server.Options;
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
    IOptions<ExternalVerifiersOptions> verifiers,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger logger = loggers.CreateLogger<ModelLoader>();
    private static readonly HttpClient VerifierHttp = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

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
        catalog.ExternalVerifiers = verifiers.Value.Http.ToDictionary(
            kv => kv.Key, kv => (IVerifier)new HttpVerifier(kv.Value with { Name = kv.Key }, VerifierHttp), StringComparer.Ordinal);
        catalog.RewardModel = LoadRewardModel();
        var verifierCatalog = new VerifierCatalog(catalog.RewardModel, catalog.ExternalVerifiers);
        foreach (var model in catalog.Models)
        {
            if (stoppingToken.IsCancellationRequested) return;
            await Task.Run(() => LoadAsync(model, verifierCatalog, stoppingToken), stoppingToken);
        }
    }

    private async Task LoadAsync(ServedModel model, VerifierCatalog verifierCatalog, CancellationToken stoppingToken)
    {
        var options = models.Value;
        ModelPackage? package = null;
        GenerationScheduler? scheduler = null;
        try
        {
            package = ModelPackage.Load(model.Spec.Folder, new ModelPackageOptions
            {
                Device = options.Device,
                FallbackToCpu = options.FallbackToCpu,
                Cuda = options.Cuda,
                IntraOpThreads = options.IntraOpThreads,
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
            model.MarkReady(package, scheduler, new TestTimeScalingPipeline(scheduler, verifierCatalog));
            logger.LogInformation("Model {Model} ready on {Providers} (warm-up {Tokens} tokens in {Ms:F0} ms)", model.Id,
                string.Join(", ", package.Descriptor.ExecutionProviders), warmup.CompletionTokens,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ExecutionProviderUnavailableException ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Models:FallbackToCpu=false: a server that cannot use the device it was configured for does not serve.
            catalog.StartupFailure = $"Models:Device={options.Device}, but the {ex.Device} device cannot be used: {ex.Reason} " +
                                     "Set Models:FallbackToCpu=true to run on CPU instead.";
            logger.LogCritical("Start-up failed: {Reason}", catalog.StartupFailure);
            model.MarkFailed(ex.Message);
            lifetime.StopApplication();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Model {Model} from {Folder} failed to load", model.Id, model.Spec.Folder);
            model.MarkFailed(ex.Message);
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

    private Verifiers.RewardModel? LoadRewardModel()
    {
        var configured = models.Value.RewardModel;
        if (string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase)) return null;
        var folder = string.IsNullOrWhiteSpace(configured)
            ? BundledModels.Find(BundledModels.RewardModel)
            : BundledModels.Locate(configured) ?? throw new DirectoryNotFoundException($"The reward model folder '{configured}' does not exist.");
        if (folder is null) return null;
        try
        {
            var reward = Verifiers.RewardModel.Load(folder, models.Value.IntraOpThreads);
            logger.LogInformation("Reward model loaded from {Folder}", folder);
            return reward;
        }
        catch (Exception ex)
        {
            // Without a reward model the reward-ranked strategies answer 400; everything else still works.
            logger.LogError(ex, "The reward model in {Folder} failed to load", folder);
            if (!string.IsNullOrWhiteSpace(configured)) throw;
            return null;
        }
    }
}
