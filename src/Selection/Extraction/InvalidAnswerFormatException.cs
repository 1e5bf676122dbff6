namespace Inference.Selection;

/// <summary>An answer-extraction configuration is unusable (unknown format, invalid regex, missing <c>answer</c> group...).</summary>
public sealed class InvalidAnswerFormatException(string message, Exception? inner = null) : SelectionException(message, inner);
