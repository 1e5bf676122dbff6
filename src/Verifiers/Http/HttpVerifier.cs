using System.Net.Http.Headers;
using System.Text.Json;
using Inference.Selection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Inference.Verifiers;

/// <summary>
/// Asks an external service: POSTs <c>{"prompt", "response"}</c> as JSON to <see cref="HttpVerifierOptions.Endpoint"/>
/// and reads <c>{"score", "accept", "reason"}</c>. Every call goes through one resilience pipeline per verifier
/// instance (so the circuit breaker sees all requests). Whatever goes wrong — timeouts, retries exhausted, open
/// circuit, bad status, bad body — the candidate is marked unverified with the reason, and selection proceeds.
/// </summary>
public sealed class HttpVerifier : CandidateVerifier
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpVerifierOptions _options;
    private readonly HttpClient _httpClient;
    private readonly CircuitBreakerStateProvider _breakerState = new();
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public HttpVerifier(HttpVerifierOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
        : base(ValidName(options), options.MaxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options;
        _httpClient = httpClient;
        _pipeline = HttpVerifierPipeline.Build(options, timeProvider ?? TimeProvider.System, _breakerState, OnCircuitStateChanged);
    }

    /// <summary>Raised when the circuit breaker opens, half-opens or closes.</summary>
    public event EventHandler<CircuitState>? CircuitStateChanged;

    /// <summary>The breaker's current state (Polly reports Open until a probe is let through after the break).</summary>
    public CircuitState CircuitState => _breakerState.CircuitState;

    protected override async ValueTask<Verdict> VerifyOneAsync(VerificationRequest request, Candidate candidate, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new HttpVerifierRequest(request.Prompt, candidate.Text), HttpVerifierJsonContext.Default.HttpVerifierRequest);
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    Interlocked.Increment(ref attempts);
                    using var message = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
                    {
                        Content = new ByteArrayContent(payload) { Headers = { ContentType = Json } },
                    };
                    return await _httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return Verdict.Unverified($"circuit open: the verifier service failed repeatedly ({Attempts(attempts)} made)");
        }
        catch (TimeoutRejectedException ex)
        {
            return Verdict.Unverified($"timed out after {ex.Timeout.TotalMilliseconds:0} ms ({Attempts(attempts)})");
        }
        catch (HttpRequestException ex)
        {
            return Verdict.Unverified($"request failed after {Attempts(attempts)}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Verdict.Unverified($"request was cancelled by the HTTP stack after {Attempts(attempts)}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return Verdict.Unverified($"service answered HTTP {(int)response.StatusCode} after {Attempts(attempts)}");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ToVerdict(body, attempts);
        }
    }

    private Verdict ToVerdict(string body, int attempts)
    {
        HttpVerifierResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, HttpVerifierJsonContext.Default.HttpVerifierResponse);
        }
        catch (JsonException ex)
        {
            return Verdict.Unverified($"service response is not the expected JSON: {ex.Message}");
        }

        var suffix = attempts > 1 ? $" (after {attempts} attempts)" : "";
        var reason = (parsed?.Reason ?? "no reason given") + suffix;
        return parsed switch
        {
            { Accept: true } => Verdict.Accept(reason, parsed.Score ?? 1.0),
            { Accept: false } => Verdict.Reject(reason, parsed.Score ?? 0.0),
            { Score: { } s } when _options.AcceptThreshold is { } t => s >= t ? Verdict.Accept(reason, s) : Verdict.Reject(reason, s),
            { Score: { } s } => Verdict.Scored(s, reason),
            _ => Verdict.Unverified("service response has neither 'accept' nor 'score'"),
        };
    }

    private void OnCircuitStateChanged(CircuitState state) => CircuitStateChanged?.Invoke(this, state);

    private static string Attempts(int n) => n == 1 ? "1 attempt" : $"{n} attempts";

    private static string ValidName(HttpVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options.Name;
    }
}
