namespace Inference.Server.Options;

/// <summary>
/// One backend under "Backends:&lt;name&gt;": OpenAI-compatible servers that draw samples for a served model (replicas of
/// this server, vLLM, llama.cpp's server...). Selection, verifiers and the reward model stay on this server.
/// </summary>
public sealed class BackendOptions
{
    /// <summary>Each resolved by Microsoft.Extensions.ServiceDiscovery: a URL ("http://10.0.0.5:8000"), or a service name
    /// ("http://replicas") whose endpoints are configured under "Services:replicas:http" or, with
    /// <see cref="ResolveAllAddresses"/>, every address its host name has (a Kubernetes headless Service).</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>The served model (its id here) whose samples this backend draws; empty means the only served model.</summary>
    public string? Serves { get; set; }

    /// <summary>The model name sent upstream; empty means the id of <see cref="Serves"/>.</summary>
    public string? Model { get; set; }

    /// <summary>Samples an endpoint takes at once, relative to the other members (the pool balances outstanding
    /// samples over capacity).</summary>
    public int Capacity { get; set; } = 16;

    /// <summary>The most samples one request asks of an endpoint (n); this server's default Limits:MaxN is 16.</summary>
    public int MaxChunk { get; set; } = 16;

    /// <summary>Sent as "Authorization: Bearer"; from configuration or the environment (Backends__&lt;name&gt;__ApiKey).</summary>
    public string? ApiKey { get; set; }

    /// <summary>"inference" when the backend is this server (it receives the temperature schedule), else "openai".</summary>
    public string Kind { get; set; } = "openai";

    /// <summary>Every IP address of each endpoint's host is a member (one per pod behind a headless Service).</summary>
    public bool ResolveAllAddresses { get; set; }

    /// <summary>Bounds one chunk request (an attempt); a chunk that times out is redrawn elsewhere.</summary>
    public double TimeoutSeconds { get; set; } = 300;

    /// <summary>Circuit breaker per endpoint: opens when this share of requests failed over
    /// <see cref="BreakerSamplingSeconds"/> (at least <see cref="BreakerMinimumThroughput"/>), for
    /// <see cref="BreakerBreakSeconds"/>; meanwhile chunks go to other members at once.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 4;

    public double BreakerSamplingSeconds { get; set; } = 30;

    public double BreakerBreakSeconds { get; set; } = 10;

    public bool SendsSchedule => string.Equals(Kind, "inference", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Validate(string name)
    {
        var at = $"Backends:{name}";
        if (Endpoints.Count == 0) yield return $"{at}:Endpoints needs at least one URL or service name.";
        foreach (var endpoint in Endpoints)
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                yield return $"{at}:Endpoints has '{endpoint}', which is not an http(s) URL or service name (e.g. http://replicas).";
        if (Capacity < 1) yield return $"{at}:Capacity must be >= 1.";
        if (MaxChunk < 1) yield return $"{at}:MaxChunk must be >= 1.";
        if (Kind is not ("openai" or "inference")) yield return $"{at}:Kind must be openai or inference.";
        if (TimeoutSeconds is <= 0 or > 3600) yield return $"{at}:TimeoutSeconds must be in (0, 3600].";
        if (BreakerFailureRatio is <= 0 or > 1) yield return $"{at}:BreakerFailureRatio must be in (0, 1].";
        if (BreakerMinimumThroughput < 2) yield return $"{at}:BreakerMinimumThroughput must be >= 2.";
        if (BreakerSamplingSeconds < 0.5) yield return $"{at}:BreakerSamplingSeconds must be >= 0.5.";
        if (BreakerBreakSeconds < 0.5) yield return $"{at}:BreakerBreakSeconds must be >= 0.5.";
    }
}
