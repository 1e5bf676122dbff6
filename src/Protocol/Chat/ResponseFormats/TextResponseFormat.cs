namespace Inference.Protocol;

/// <summary>{"type": "text"}: plain text, the default.</summary>
public sealed class TextResponseFormat : ResponseFormatRequest
{
    public TextResponseFormat() => Type = "text";
}
