using System.Buffers;
using System.Text;

namespace Inference.Engine.Tokenization.Decoders;

/// <summary>
/// Maps byte-level characters back to bytes and decodes runs of them as UTF-8 (invalid bytes become U+FFFD).
/// Added tokens are kept verbatim and split the runs, as the reference does.
/// </summary>
internal sealed class ByteLevelDecoder(IReadOnlySet<string> addedTokenContents) : IDecoder
{
    public void Decode(List<string> tokens)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            var written = 0;
            var output = 0;
            var runLength = 0;
            for (var t = 0; t < tokens.Count; t++)
            {
                var token = tokens[t];
                if (addedTokenContents.Contains(token))
                {
                    if (runLength > 0)
                    {
                        tokens[output++] = Encoding.UTF8.GetString(bytes, 0, written);
                        written = 0;
                        runLength = 0;
                    }
                    tokens[output++] = token;
                    continue;
                }
                bytes = AppendBytes(token, bytes, ref written);
                runLength++;
            }
            if (runLength > 0)
            {
                tokens[output++] = Encoding.UTF8.GetString(bytes, 0, written);
            }
            tokens.RemoveRange(output, tokens.Count - output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Appends a token's bytes; a token with a character outside the alphabet contributes its own UTF-8.</summary>
    private static byte[] AppendBytes(string token, byte[] buffer, ref int written)
    {
        var needed = written + Math.Max(token.Length, Encoding.UTF8.GetMaxByteCount(token.Length));
        if (needed > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(needed * 2);
            buffer.AsSpan(0, written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        var start = written;
        foreach (var ch in token)
        {
            var b = ByteLevelAlphabet.ByteOf(ch);
            if (b < 0)
            {
                written = start + Encoding.UTF8.GetBytes(token, buffer.AsSpan(start));
                return buffer;
            }
            buffer[written++] = (byte)b;
        }
        return buffer;
    }
}
