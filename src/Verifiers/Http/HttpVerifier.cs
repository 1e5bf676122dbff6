using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Inference.Selection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Inference.Verifiers;

/// <summary>
/// Asks an external service: POSTs <c>{"prompt", "response"}</c> as JSON to <see cref="HttpVerifierOptions.Endpoint"/>
/// and reads <c>{"score", "accept", "reason"}</c>, through the named client <see cref="HttpVerifierRegistration"/>
/// registers, whose resilience handler is shared by every call (so the circuit breaker sees all requests). Whatever
/// goes wrong — timeouts, retries exhausted, open circuit, bad status, bad body — the candidate is marked unverified
/// with the reason, and selection proceeds.
/// </summary>
public sealed class HttpVerifier : CandidateVerifier
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpVerifierOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly VerifierCircuit _circuit;

    /// <summary>Made by <see cref="HttpVerifierRegistration.AddHttpVerifier"/>, which configures the named client and
    /// its circuit.</summary>
    internal HttpVerifier(HttpVerifierOptions options, IHttpClientFactory clients, VerifierCircuit circuit)
        : base(ValidName(options), options.MaxDegreeOfParallelism)
    {
        _options = options;
        _clients = clients;
        _circuit = circuit;
        _circuit.Changed += (_, state) => CircuitStateChanged?.Invoke(this, state);
    }

    /// <summary>Raised when the circuit breaker opens, half-opens or closes.</summary>
    public event EventHandler<CircuitState>? CircuitStateChanged;

    /// <summary>The breaker's current state (Polly reports Open until a probe is let through after the break).</summary>
    public CircuitState CircuitState => _circuit.State;

    protected override async ValueTask<Verdict> VerifyOneAsync(VerificationRequest request, Candidate candidate, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new HttpVerifierRequest(request.Prompt, candidate.Text), HttpVerifierJsonContext.Default.HttpVerifierRequest);
        var counter = new StrongBox<int>();
        HttpResponseMessage response;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
            {
                Content = new ByteArrayContent(payload) { Headers = { ContentType = Json } },
            };
            message.Options.Set(AttemptCountingHandler.Attempts, counter);
            response = await _clients.CreateClient(HttpVerifierRegistration.ClientName(Name))
                .SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return Verdict.Unverified($"circuit open: the verifier service failed repeatedly ({Attempts(counter.Value)} made)");
        }
        catch (TimeoutRejectedException ex)
        {
            return Verdict.Unverified($"timed out after {ex.Timeout.TotalMilliseconds:0} ms ({Attempts(counter.Value)})");
        }
        catch (HttpRequestException ex)
        {
            return Verdict.Unverified($"request failed after {Attempts(counter.Value)}: {ex.Message}");
        }
        catch (ExecutionRejectedException ex)
        {
            return Verdict.Unverified($"refused by the resilience pipeline after {Attempts(counter.Value)}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Verdict.Unverified($"request was cancelled by the HTTP stack after {Attempts(counter.Value)}");
        }

        var attempts = counter.Value;
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

    private static string Attempts(int n) => n == 1 ? "1 attempt" : $"{n} attempts";

    private static string ValidName(HttpVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options.Name;
    }
}
