namespace Inference.Verifiers;

/// <summary>
/// Settings of an <see cref="HttpVerifier"/> and its resilience pipeline (total timeout -&gt; retry with jittered
/// exponential backoff -&gt; circuit breaker -&gt; attempt timeout). <see cref="Validate"/> lists every problem;
/// the verifier refuses invalid options. Bounds mirror Polly's own (timeouts &gt;= 10 ms, breaker durations
/// &gt;= 0.5 s, throughput &gt;= 2) so the error is ours and names the field.
/// </summary>
public sealed record HttpVerifierOptions
{
    public string Name { get; init; } = "http";

    /// <summary>Absolute http(s) URL the verifier POSTs <c>{"prompt", "response"}</c> to.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Bound on one candidate's whole verification, retries included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt on transient failures (connection errors, 5xx, 429, attempt timeouts); 0 = none.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Base delay of the exponential backoff (jittered).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Failure ratio within the sampling window at which the breaker opens, in (0, 1].</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Attempts needed in the window before the breaker may open (&gt;= 2).</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;

    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before letting one probe through (half-open).</summary>
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Candidates verified concurrently.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 4;

    /// <summary>When the service returns only a score: accept at score &gt;= this; null = report the score without a decision.</summary>
    public double? AcceptThreshold { get; init; }

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MinBreakerDuration = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("Name is required.");
        }

        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"Endpoint must be an absolute http(s) URL, got '{Endpoint}'.");
        }

        InRange(problems, nameof(TotalTimeout), TotalTimeout, MinTimeout, MaxDuration);
        InRange(problems, nameof(AttemptTimeout), AttemptTimeout, MinTimeout, MaxDuration);
        InRange(problems, nameof(RetryBaseDelay), RetryBaseDelay, TimeSpan.Zero, MaxDuration);
        InRange(problems, nameof(RetryMaxDelay), RetryMaxDelay, TimeSpan.Zero, MaxDuration);
        InRange(problems, nameof(BreakerSamplingDuration), BreakerSamplingDuration, MinBreakerDuration, MaxDuration);
        InRange(problems, nameof(BreakerBreakDuration), BreakerBreakDuration, MinBreakerDuration, MaxDuration);
        if (MaxRetryAttempts is < 0 or > 100)
        {
            problems.Add($"MaxRetryAttempts must be in [0, 100], got {MaxRetryAttempts}.");
        }

        if (RetryMaxDelay < RetryBaseDelay)
        {
            problems.Add($"RetryMaxDelay ({RetryMaxDelay}) must not be below RetryBaseDelay ({RetryBaseDelay}).");
        }

        if (!(BreakerFailureRatio is > 0 and <= 1))
        {
            problems.Add($"BreakerFailureRatio must be in (0, 1], got {BreakerFailureRatio}.");
        }

        if (BreakerMinimumThroughput < 2)
        {
            problems.Add($"BreakerMinimumThroughput must be at least 2, got {BreakerMinimumThroughput}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            problems.Add($"MaxDegreeOfParallelism must be at least 1, got {MaxDegreeOfParallelism}.");
        }

        if (AcceptThreshold is { } t && !double.IsFinite(t))
        {
            problems.Add($"AcceptThreshold must be finite, got {t}.");
        }

        return problems;
    }

    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new InvalidVerifierConfigurationException($"HTTP verifier '{Name}' options are invalid: {string.Join(" ", problems)}");
        }
    }

    private static void InRange(List<string> problems, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            problems.Add($"{name} must be between {min} and {max}, got {value}.");
        }
    }
}
