namespace Inference.Selection;

/// <summary>Selection options are out of range or inconsistent.</summary>
public sealed class InvalidSelectionOptionsException(string message) : SelectionException(message);
