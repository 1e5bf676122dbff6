namespace Inference.Engine.Tokenization.Models;

/// <summary>Turns one pre-tokenized piece into token ids (tokenizer.json "model").</summary>
internal interface ITokenizerModel
{
    /// <summary>The vocabulary of the model itself, without added tokens.</summary>
    Vocabulary Vocabulary { get; }

    /// <summary>Id of the unknown token, or -1.</summary>
    int UnknownTokenId { get; }

    void Encode(ReadOnlySpan<char> piece, List<int> ids);
}
