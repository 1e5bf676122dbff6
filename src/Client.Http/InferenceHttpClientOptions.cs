namespace Inference.Client;

/// <summary>Where the server is and how calls to it are retried.</summary>
public sealed class InferenceHttpClientOptions
{
    /// <summary>The server's base address, e.g. http://127.0.0.1:8000/.</summary>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:8000/");

    /// <summary>Sent as a Bearer token when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model id used when a request names none.</summary>
    public string? Model { get; set; }

    /// <summary>Retries of a request answered 429 or 503 (0 disables retrying).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The longest wait before a retry, also when Retry-After asks for more.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the first retry when the server gives no Retry-After (doubled per attempt).</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
