namespace Inference.Selection;

/// <summary>Base of the typed errors raised by selection for bad input or configuration.</summary>
public abstract class SelectionException(string message, Exception? inner = null) : Exception(message, inner);
