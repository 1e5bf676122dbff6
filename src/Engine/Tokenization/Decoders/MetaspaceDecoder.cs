using Inference.Engine.Tokenization.PreTokenizers;

namespace Inference.Engine.Tokenization.Decoders;

/// <summary>Turns the replacement character back into spaces and drops the space the pre-tokenizer prepended.</summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme prependScheme) : IDecoder
{
    public char Replacement => replacement;

    public PrependScheme PrependScheme => prependScheme;

    public void Decode(List<string> tokens)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            var text = tokens[t].Replace(replacement, ' ');
            if (t == 0 && prependScheme != PrependScheme.Never && text.StartsWith(' '))
            {
                text = text[1..];
            }
            tokens[t] = text;
        }
    }
}
