namespace Inference.Pipeline.Sources;

/// <summary>No source could deliver a single sample of the request (every backend failed or was unreachable): the
/// server answers 503 with this reason.</summary>
public sealed class SamplesUnavailableException(string message) : Exception(message);
