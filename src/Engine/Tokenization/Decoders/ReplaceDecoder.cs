namespace Inference.Engine.Tokenization.Decoders;

internal sealed class ReplaceDecoder(TextPattern pattern, string content) : IDecoder
{
    public TextPattern Pattern => pattern;

    public string Content => content;

    public void Decode(List<string> tokens)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            tokens[t] = pattern.ReplaceAll(tokens[t], content);
        }
    }
}
