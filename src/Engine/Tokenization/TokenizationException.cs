namespace Inference.Engine.Tokenization;

/// <summary>Input that the loaded tokenizer cannot encode or decode.</summary>
public sealed class TokenizationException(string message) : Exception(message);
