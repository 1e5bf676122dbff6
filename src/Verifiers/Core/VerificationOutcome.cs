using Inference.Selection;

namespace Inference.Verifiers;

/// <summary>The candidates with every verifier's verdict attached (and the reward set, when configured), plus per-verifier runs.</summary>
public sealed record VerificationOutcome(IReadOnlyList<Candidate> Candidates, IReadOnlyList<VerifierRun> Runs);
