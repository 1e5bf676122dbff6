using System.Text;

namespace Inference.Engine.Tokenization;

internal static class Utf16Text
{
    /// <summary>
    /// Replaces unpaired surrogates with U+FFFD, as any UTF-8 boundary (and so the reference tokenizer) would; they
    /// would otherwise make Unicode normalization throw.
    /// </summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0 || IsWellFormed(text.AsSpan(first)))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(ch).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(ch) ? '\uFFFD' : ch);
            }
        }
        return builder.ToString();
    }

    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
