namespace Inference.Protocol;

/// <summary>A verifier object whose type is missing or names no verifier: read so that validation can say which exist.</summary>
public sealed class UnknownVerifierRequest : VerifierRequest;
