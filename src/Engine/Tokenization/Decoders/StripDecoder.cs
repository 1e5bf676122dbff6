namespace Inference.Engine.Tokenization.Decoders;

/// <summary>Removes up to <c>start</c> leading and <c>stop</c> trailing occurrences of one character from each token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : IDecoder
{
    public char Content => content;

    public int Start => start;

    public int Stop => stop;

    public void Decode(List<string> tokens)
    {
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            var from = 0;
            while (from < start && from < token.Length && token[from] == content)
            {
                from++;
            }
            var to = token.Length;
            while (token.Length - to < stop && to > from && token[to - 1] == content)
            {
                to--;
            }
            if (from > 0 || to < token.Length)
            {
                tokens[t] = token[from..to];
            }
        }
    }
}
