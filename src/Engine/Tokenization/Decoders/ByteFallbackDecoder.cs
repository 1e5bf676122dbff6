using System.Text;

namespace Inference.Engine.Tokenization.Decoders;

/// <summary>Turns runs of &lt;0xNN&gt; tokens back into UTF-8 text (invalid bytes become U+FFFD).</summary>
internal sealed class ByteFallbackDecoder : IDecoder
{
    public void Decode(List<string> tokens)
    {
        var output = 0;
        var pending = new List<byte>();
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (TryParseByte(token, out var value))
            {
                pending.Add(value);
                continue;
            }
            if (pending.Count > 0)
            {
                tokens[output++] = Encoding.UTF8.GetString(pending.ToArray());
                pending.Clear();
            }
            tokens[output++] = token;
        }
        if (pending.Count > 0)
        {
            tokens[output++] = Encoding.UTF8.GetString(pending.ToArray());
        }
        tokens.RemoveRange(output, tokens.Count - output);
    }

    public static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out value);
    }
}
