namespace Inference.Engine.Packages;

/// <summary>A model folder cannot be used: a missing file, an unreadable config, or a decoder interface this engine
/// does not support. The message names the file and what was found.</summary>
public sealed class ModelPackageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A token id the model cannot take (>= the width of its logits, or negative).</summary>
public sealed class TokenIdOutOfRangeException(int tokenId, int vocabularySize)
    : ArgumentException($"Token id {tokenId} is outside the model's vocabulary of {vocabularySize} tokens (valid ids are 0..{vocabularySize - 1}).")
{
    public int TokenId { get; } = tokenId;

    public int VocabularySize { get; } = vocabularySize;
}
