namespace Inference.Verifiers;

/// <summary>Cost and tally of one verifier over one batch, for the pipeline's report.</summary>
public sealed record VerifierRun(string Verifier, TimeSpan Elapsed, int Accepted, int Rejected, int Scored, int Unverified);
