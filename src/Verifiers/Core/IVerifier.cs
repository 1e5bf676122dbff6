using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>
/// Judges a batch of candidates for one request: returns exactly one verdict per candidate, in order. The batch shape
/// lets a reward model score all candidates in one forward pass; per-candidate checks derive from
/// <see cref="CandidateVerifier"/>. A verifier reports its own failures as <see cref="VerdictStatus.Unverified"/>
/// verdicts with a reason; only cancellation of <paramref name="cancellationToken"/> may surface as an exception
/// (and <see cref="VerifierRunner"/> turns any other exception into unverified verdicts anyway).
/// </summary>
public interface IVerifier
{
    /// <summary>Name under which verdicts are recorded on candidates.</summary>
    string Name { get; }

    Task<IReadOnlyList<Verdict>> VerifyAsync(VerificationRequest request, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken);
}
