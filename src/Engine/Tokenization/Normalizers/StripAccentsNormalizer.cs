using System.Globalization;
using System.Text;

namespace Inference.Engine.Tokenization.Normalizers;

/// <summary>Drops non-spacing marks; used after an NFD normalizer as in BERT-style files.</summary>
internal sealed class StripAccentsNormalizer : INormalizer
{
    public string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(ch);
            }
        }
        return builder.ToString();
    }
}
