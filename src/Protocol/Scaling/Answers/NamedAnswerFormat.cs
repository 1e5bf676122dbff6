namespace Inference.Protocol;

/// <summary>A built-in answer format by name ("boxed" or {"format": "boxed"}); written as the string.</summary>
public sealed class NamedAnswerFormat : AnswerFormatRequest;
