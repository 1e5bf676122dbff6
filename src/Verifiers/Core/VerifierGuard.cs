using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>Runs a verifier so that its failure becomes "unverified" verdicts instead of failing the request.</summary>
public static class VerifierGuard
{
    public static async Task<IReadOnlyList<Verdict>> VerifySafelyAsync(
        IVerifier verifier, VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(candidates);
        IReadOnlyList<Verdict> verdicts;
        try
        {
            verdicts = await verifier.VerifyAsync(request, candidates, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return Repeat(Verdict.Unverified($"verifier '{verifier.Name}' failed: {ex.GetType().Name}: {ex.Message}"), candidates.Count);
        }

        if (verdicts is null || verdicts.Count != candidates.Count)
        {
            return Repeat(
                Verdict.Unverified($"verifier '{verifier.Name}' returned {verdicts?.Count ?? 0} verdicts for {candidates.Count} candidates"),
                candidates.Count);
        }

        return verdicts;
    }

    private static Verdict[] Repeat(Verdict verdict, int count) => Enumerable.Repeat(verdict, count).ToArray();
}
