namespace Inference.LoadTest.Workload;

/// <summary>A request-mix file cannot be used; the message names the line.</summary>
public sealed class InvalidMixException(string message) : Exception(message);
