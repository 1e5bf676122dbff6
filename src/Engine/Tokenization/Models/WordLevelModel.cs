using System.Text.Json;

namespace Inference.Engine.Tokenization.Models;

/// <summary>Each piece is one token: its vocabulary id, or the unknown token.</summary>
internal sealed class WordLevelModel(Vocabulary vocabulary, int unknownTokenId) : ITokenizerModel
{
    public Vocabulary Vocabulary { get; } = vocabulary;

    public int UnknownTokenId { get; } = unknownTokenId;

    public static WordLevelModel FromJson(JsonElement model, JsonReading json)
    {
        var vocabulary = Vocabulary.FromJson(json.TryGetOrThrow(model, "vocab"), json);
        var unknown = json.OptionalString(model, "unk_token");
        var unknownId = -1;
        if (unknown is not null && !vocabulary.TryGetId(unknown, out unknownId))
        {
            throw json.Error($"unk_token '{unknown}' is not in the vocabulary");
        }
        return new WordLevelModel(vocabulary, unknownId);
    }

    public void Encode(ReadOnlySpan<char> piece, List<int> ids)
    {
        if (Vocabulary.TryGetId(piece, out var id))
        {
            ids.Add(id);
        }
        else if (UnknownTokenId >= 0)
        {
            ids.Add(UnknownTokenId);
        }
        else
        {
            throw new TokenizationException($"'{piece}' is not in the WordLevel vocabulary and the model has no unk_token");
        }
    }
}
