namespace Inference.Verifiers;

/// <summary>A verifier was configured with unusable settings (bad regex, bad schema, bad options...).</summary>
public class InvalidVerifierConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
