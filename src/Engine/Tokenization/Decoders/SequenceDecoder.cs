namespace Inference.Engine.Tokenization.Decoders;

internal sealed class SequenceDecoder(IReadOnlyList<IDecoder> decoders) : IDecoder
{
    public IReadOnlyList<IDecoder> Decoders => decoders;

    public void Decode(List<string> tokens)
    {
        foreach (var decoder in decoders)
        {
            decoder.Decode(tokens);
        }
    }
}
