using System.Text.Json;

namespace Inference.Engine.Tokenization.Models;

/// <summary>Token string to id and back. Lookups by span allocate nothing.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
    private readonly string?[] _tokens;

    public Vocabulary(Dictionary<string, int> ids)
    {
        _ids = ids;
        _spanLookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var size = ids.Count == 0 ? 0 : ids.Values.Max() + 1;
        _tokens = new string?[size];
        foreach (var (token, id) in ids)
        {
            _tokens[id] = token;
        }
    }

    public static Vocabulary FromJson(JsonElement vocab, JsonReading json)
    {
        if (vocab.ValueKind != JsonValueKind.Object)
        {
            throw json.Error("model.vocab must be an object of token -> id");
        }
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw json.Error($"vocabulary entry '{entry.Name}' has no valid id");
            }
            ids[entry.Name] = id;
        }
        return new Vocabulary(ids);
    }

    /// <summary>One more than the largest id.</summary>
    public int Size => _tokens.Length;

    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _spanLookup.TryGetValue(token, out id);

    public string? GetToken(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;
}
