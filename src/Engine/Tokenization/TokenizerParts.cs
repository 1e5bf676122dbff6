using Inference.Engine.Tokenization.Decoders;
using Inference.Engine.Tokenization.Models;
using Inference.Engine.Tokenization.Normalizers;
using Inference.Engine.Tokenization.PostProcessors;
using Inference.Engine.Tokenization.PreTokenizers;

namespace Inference.Engine.Tokenization;

/// <summary>The components a tokenizer.json describes, plus what the config files add.</summary>
internal sealed record TokenizerParts(
    INormalizer? Normalizer,
    IPreTokenizer? PreTokenizer,
    ITokenizerModel Model,
    IPostProcessor? PostProcessor,
    IDecoder? Decoder,
    IReadOnlyList<AddedToken> AddedTokens,
    SpecialTokens SpecialTokens,
    TokenizerConfig Config,
    IReadOnlySet<int> SkippedWhenSkippingSpecial);
