using System.Runtime.CompilerServices;

namespace Inference.Verifiers;

/// <summary>Counts the attempts the resilience handler above it makes for one request, for the verdict's reason
/// ("timed out after 3000 ms (4 attempts)"): each attempt passes through here once.</summary>
internal sealed class AttemptCountingHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<StrongBox<int>> Attempts = new("inference.verifier.attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Attempts, out var attempts)) Interlocked.Increment(ref attempts.Value);
        return base.SendAsync(request, cancellationToken);
    }
}
