namespace Inference.Engine.Tokenization;

/// <summary>One named special token (bos, eos, pad, unk): its text and, when the vocabulary has it, its id.</summary>
public sealed record SpecialToken(string Content, int? Id);

/// <summary>
/// The special tokens a model declares in tokenizer_config.json / special_tokens_map.json (the model's unk_token
/// when neither file names one).
/// </summary>
public sealed record SpecialTokens(
    SpecialToken? Bos,
    SpecialToken? Eos,
    SpecialToken? Pad,
    SpecialToken? Unk,
    IReadOnlyList<string> Additional);
