namespace Inference.Engine.Tokenization;

/// <summary>
/// A tokenizer.json names a component (normalizer, pre-tokenizer, model, decoder, post-processor) or an option that
/// this tokenizer does not implement. Loading fails instead of producing ids that differ from the reference.
/// </summary>
public sealed class UnsupportedTokenizerComponentException : TokenizerFormatException
{
    public UnsupportedTokenizerComponentException(string componentKind, string componentType, string? filePath, string? detail = null)
        : base($"Unsupported {componentKind} '{componentType}'{(detail is null ? "" : ": " + detail)}", filePath)
    {
        ComponentKind = componentKind;
        ComponentType = componentType;
    }

    /// <summary>normalizer, pre_tokenizer, model, decoder, post_processor or pattern.</summary>
    public string ComponentKind { get; }

    /// <summary>The "type" value found in the file.</summary>
    public string ComponentType { get; }
}
