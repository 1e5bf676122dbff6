using Polly.CircuitBreaker;

namespace Inference.Verifiers;

/// <summary>The circuit breaker of one HTTP verifier, shared by its resilience handler (which drives it) and the
/// verifier (which reports it): the state, and an event for each transition.</summary>
public sealed class VerifierCircuit
{
    public CircuitBreakerStateProvider StateProvider { get; } = new();

    /// <summary>Polly reports Open until a probe is let through after the break.</summary>
    public CircuitState State => StateProvider.CircuitState;

    /// <summary>Raised when the breaker opens, half-opens or closes.</summary>
    public event EventHandler<CircuitState>? Changed;

    internal ValueTask Raise(CircuitState state)
    {
        Changed?.Invoke(this, state);
        return ValueTask.CompletedTask;
    }
}
