namespace Inference.Engine.Tokenization.Decoders;

/// <summary>
/// One step of the decoder chain (tokenizer.json "decoder"): rewrites the list of token strings in place; the
/// final text is the concatenation of the list.
/// </summary>
internal interface IDecoder
{
    void Decode(List<string> tokens);
}
