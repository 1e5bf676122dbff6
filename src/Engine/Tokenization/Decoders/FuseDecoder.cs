namespace Inference.Engine.Tokenization.Decoders;

/// <summary>Joins all tokens into one, so that later steps (Strip) see the whole text.</summary>
internal sealed class FuseDecoder : IDecoder
{
    public void Decode(List<string> tokens)
    {
        if (tokens.Count <= 1)
        {
            return;
        }
        var joined = string.Concat(tokens);
        tokens.Clear();
        tokens.Add(joined);
    }
}
