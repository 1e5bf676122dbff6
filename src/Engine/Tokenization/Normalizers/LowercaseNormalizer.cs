namespace Inference.Engine.Tokenization.Normalizers;

internal sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}
