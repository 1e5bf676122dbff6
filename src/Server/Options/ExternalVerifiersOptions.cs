using Inference.Verifiers;

namespace Inference.Server.Options;

/// <summary>
/// External HTTP verifiers by name (section "Verifiers"). Requests refer to them only by name; a URL in a request is
/// never used. Each entry binds onto <see cref="HttpVerifierOptions"/> (Endpoint, TotalTimeout, AttemptTimeout,
/// MaxRetryAttempts, RetryBaseDelay, RetryMaxDelay, Breaker*, MaxDegreeOfParallelism, AcceptThreshold).
/// </summary>
public sealed class ExternalVerifiersOptions
{
    public const string Section = "Verifiers";

    public Dictionary<string, HttpVerifierOptions> Http { get; set; } = new(StringComparer.Ordinal);
}
