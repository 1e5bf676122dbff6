using System.Collections.Concurrent;
using System.Net;
using Inference.Engine.Generation;
using Inference.Pipeline.Sources;
using Inference.Server.Options;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;
using Polly;

namespace Inference.Server.ScaleOut;

/// <summary>
/// The sample source of each served model: its local engine alone, or, when backends serve it (section "Backends"),
/// a pool of the local engine (ScaleOut:LocalSamples) and every endpoint of those backends. Endpoints are resolved by
/// Microsoft.Extensions.ServiceDiscovery on each draw (it caches and watches), so a list that changes (pods of a
/// headless Service coming and going) is followed; a member keeps its outstanding-work count across requests.
/// </summary>
public sealed class BackendPools
{
    private readonly BackendsOptions backends;
    private readonly ScaleOutOptions scaleOut;
    private readonly ServiceEndpointResolver resolver;
    private readonly IHttpClientFactory clients;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<(string Backend, Uri Address), ShardMember> members = new();

    public BackendPools(IOptions<BackendsOptions> backends, IOptions<ScaleOutOptions> scaleOut, ServiceEndpointResolver resolver,
        IHttpClientFactory clients, ILogger<BackendPools> logger)
    {
        this.backends = backends.Value;
        this.scaleOut = scaleOut.Value;
        this.resolver = resolver;
        this.clients = clients;
        this.logger = logger;
    }

    public static string ClientName(string backend) => $"backend:{backend}";

    /// <summary>The backends that draw samples for a served model.</summary>
    public IReadOnlyList<string> For(string modelId, IReadOnlyCollection<string> served) =>
        backends.Where(b => (string.IsNullOrEmpty(b.Value.Serves) ? served.Count == 1 : b.Value.Serves == modelId)).Select(b => b.Key).ToList();

    /// <summary>Backends whose Serves names no served model, and models served by backends only (<paramref name="remote"/>)
    /// that no backend draws for: start-up errors (a typo would otherwise sample locally, or not at all).</summary>
    public IEnumerable<string> Problems(IReadOnlyCollection<string> served, IReadOnlyCollection<string> remote)
    {
        foreach (var (name, backend) in backends)
        {
            if (!string.IsNullOrEmpty(backend.Serves) && !served.Contains(backend.Serves))
                yield return $"Backends:{name}:Serves is '{backend.Serves}', which is not a served model (served: {string.Join(", ", served)}).";
            else if (string.IsNullOrEmpty(backend.Serves) && served.Count > 1)
                yield return $"Backends:{name}:Serves must name the model it draws for when several are served ({string.Join(", ", served)}).";
        }
        foreach (var id in remote.Where(id => For(id, served).Count == 0).Order(StringComparer.Ordinal))
            yield return $"Models:Remote has '{id}', but no backend draws its samples (set Backends:<name>:Serves={id}).";
    }

    /// <summary>The model's sample source: local alone when no backend serves it, else a pool (of backends only for a
    /// model without a local <paramref name="scheduler"/>).</summary>
    public ISampleSource SourceFor(string modelId, IReadOnlyCollection<string> served, GenerationScheduler? scheduler)
    {
        var local = scheduler is null ? null : new LocalSampleSource(scheduler);
        var names = For(modelId, served);
        if (names.Count == 0) return local ?? throw new InvalidOperationException($"'{modelId}' has neither a local engine nor a backend.");
        var localMember = local is not null && scaleOut.LocalSamples ? new ShardMember(local, scaleOut.LocalCapacity) : null;
        logger.LogInformation("Model {Model} draws its samples from {Local}backends {Backends}", modelId,
            localMember is null ? "" : "the local engine and ", string.Join(", ", names));
        return new ShardedSampleSource($"{modelId}-pool", async ct =>
        {
            var pool = new List<ShardMember>();
            if (localMember is not null) pool.Add(localMember);
            pool.AddRange(await BackendMembersAsync(modelId, served, ct));
            return pool;
        }, scaleOut.ToShardingOptions());
    }

    /// <summary>Whether this server is a gateway for the model: its samples are drawn on backends only (the model is not
    /// loaded here, Models:Remote, or ScaleOut:LocalSamples=false), so its plain requests are proxied to them too.</summary>
    public bool Proxies(string modelId, bool remote, IReadOnlyCollection<string> served) =>
        (remote || !scaleOut.LocalSamples) && For(modelId, served).Count > 0;

    /// <summary>Every endpoint of the backends that serve the model, as resolved now.</summary>
    public async Task<IReadOnlyList<ShardMember>> BackendMembersAsync(string modelId, IReadOnlyCollection<string> served, CancellationToken cancellationToken)
    {
        var pool = new List<ShardMember>();
        foreach (var name in For(modelId, served)) pool.AddRange(await ResolveAsync(name, modelId, cancellationToken));
        return pool;
    }

    private async Task<IEnumerable<ShardMember>> ResolveAsync(string name, string modelId, CancellationToken cancellationToken)
    {
        var backend = backends[name];
        var addresses = new List<Uri>();
        foreach (var endpoint in backend.Endpoints)
        {
            var service = new Uri(endpoint);
            try
            {
                var source = await resolver.GetEndpointsAsync(endpoint, cancellationToken);
                foreach (var resolved in source.Endpoints)
                    addresses.AddRange(await AddressesAsync(service, resolved.EndPoint, backend.ResolveAllAddresses, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An endpoint that does not resolve is no member this time; the others still draw.
                logger.LogWarning("Backends:{Backend}: {Endpoint} did not resolve: {Error}", name, endpoint, ex.Message);
            }
        }
        return addresses.Distinct().Select(address => members.GetOrAdd((name, address), key => new ShardMember(
            new OpenAiSampleSource($"{key.Backend}@{key.Address.Authority}", key.Address, string.IsNullOrEmpty(backend.Model) ? modelId : backend.Model,
                backend.ApiKey, backend.SendsSchedule, () => clients.CreateClient(ClientName(key.Backend))),
            backend.Capacity, backend.MaxChunk)));
    }

    private static async Task<IEnumerable<Uri>> AddressesAsync(Uri service, EndPoint endpoint, bool allAddresses, CancellationToken cancellationToken)
    {
        var (host, port) = endpoint switch
        {
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            UriEndPoint uri => (uri.Uri.Host, uri.Uri.Port),
            _ => (service.Host, service.Port),
        };
        if (port <= 0) port = service.Port;
        IEnumerable<string> hosts = [host];
        if (allAddresses && !IPAddress.TryParse(host, out _))
            hosts = (await Dns.GetHostAddressesAsync(host, cancellationToken)).Select(a => a.ToString());
        return hosts.Select(h => new UriBuilder(service.Scheme, h, port, service.AbsolutePath).Uri);
    }

    /// <summary>Registers the backends' HTTP clients: per endpoint (authority) a resilience pipeline of a chunk timeout
    /// and a circuit breaker. No retry: a failed chunk is redrawn on another member by the pool.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient();
        services.AddServiceDiscoveryCore();
        services.AddConfigurationServiceEndpointProvider();
        services.AddPassThroughServiceEndpointProvider();
        var configured = configuration.GetSection(BackendsOptions.Section).Get<BackendsOptions>() ?? new BackendsOptions();
        foreach (var (name, backend) in configured)
        {
            services.AddHttpClient(ClientName(name), c => c.Timeout = Timeout.InfiniteTimeSpan)
                .AddResilienceHandler("backend", (builder, context) =>
                {
                    if (context.ServiceProvider.GetService<TimeProvider>() is { } time) builder.TimeProvider = time;
                    builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        Name = "circuit-breaker",
                        FailureRatio = backend.BreakerFailureRatio,
                        MinimumThroughput = backend.BreakerMinimumThroughput,
                        SamplingDuration = TimeSpan.FromSeconds(backend.BreakerSamplingSeconds),
                        BreakDuration = TimeSpan.FromSeconds(backend.BreakerBreakSeconds),
                    });
                    builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "chunk-timeout", Timeout = TimeSpan.FromSeconds(backend.TimeoutSeconds) });
                })
                .SelectPipelineByAuthority();
        }
        services.AddSingleton<BackendPools>();
        services.AddHttpForwarder();
        services.AddSingleton<PlainRequestProxy>();
        services.AddSingleton<BackendModelList>();
    }
}
