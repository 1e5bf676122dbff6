namespace Inference.Eval.Data;

/// <summary>A dataset, pool or option cannot be used; the message says where.</summary>
public sealed class InvalidEvalInputException(string message) : Exception(message);
