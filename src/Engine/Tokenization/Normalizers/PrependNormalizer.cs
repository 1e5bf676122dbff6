namespace Inference.Engine.Tokenization.Normalizers;

/// <summary>Prepends a fixed string to non-empty text (SentencePiece's "▁").</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}
