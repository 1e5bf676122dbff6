namespace Inference.Engine.Tokenization.PreTokenizers;

/// <summary>Splits (and possibly rewrites) pieces of normalized text (tokenizer.json "pre_tokenizer").</summary>
internal interface IPreTokenizer
{
    /// <param name="input">The pieces so far.</param>
    /// <param name="output">Receives the new pieces; cleared by the caller.</param>
    /// <param name="scratch">Per-thread working storage.</param>
    /// <param name="isFirstSection">Whether the text is the first section of the input (Metaspace "first").</param>
    void PreTokenize(PieceList input, PieceList output, PreTokenizerScratch scratch, bool isFirstSection);
}
