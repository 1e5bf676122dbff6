namespace Inference.Engine.Tokenization.Normalizers;

/// <summary>Rewrites a piece of input text before pre-tokenization (tokenizer.json "normalizer").</summary>
internal interface INormalizer
{
    string Normalize(string text);
}
