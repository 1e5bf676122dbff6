using System.Text.Json;

namespace Inference.Engine.Packages;

/// <summary>The parts of onnxruntime-genai's genai_config.json this engine uses.</summary>
public sealed record GenAiConfig
{
    public string? ModelType { get; init; }
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public int? VocabSize { get; init; }
    public int? ContextLength { get; init; }
    public string? DecoderFileName { get; init; }
    public int? HeadSize { get; init; }
    public int? HiddenSize { get; init; }
    public int? NumAttentionHeads { get; init; }
    public int? NumKeyValueHeads { get; init; }
    public int? NumHiddenLayers { get; init; }

    /// <summary>Input and output names as given (name templates contain "%d" for the layer index).</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Session configuration entries from decoder.session_options (string values only).</summary>
    public IReadOnlyDictionary<string, string> SessionConfigEntries { get; init; } = new Dictionary<string, string>();

    public SearchDefaults Search { get; init; } = new();

    public static GenAiConfig? Read(string path)
    {
        using var document = ConfigJson.Open(path);
        if (document is null) return null;
        JsonElement? model = document.RootElement.Child("model");
        var decoder = model.Child("decoder");
        var search = document.RootElement.Child("search");
        return new GenAiConfig
        {
            ModelType = model.String("type"),
            BosTokenId = model.Int("bos_token_id"),
            EosTokenIds = model.Ints("eos_token_id"),
            PadTokenId = model.Int("pad_token_id"),
            VocabSize = model.Int("vocab_size"),
            ContextLength = model.Int("context_length"),
            DecoderFileName = decoder.String("filename"),
            HeadSize = decoder.Int("head_size"),
            HiddenSize = decoder.Int("hidden_size"),
            NumAttentionHeads = decoder.Int("num_attention_heads"),
            NumKeyValueHeads = decoder.Int("num_key_value_heads"),
            NumHiddenLayers = decoder.Int("num_hidden_layers"),
            Inputs = Strings(decoder.Child("inputs")),
            Outputs = Strings(decoder.Child("outputs")),
            SessionConfigEntries = Strings(decoder.Child("session_options")),
            Search = new SearchDefaults
            {
                DoSample = search.Bool("do_sample"),
                MaxLength = search.Int("max_length"),
                Temperature = search.Double("temperature"),
                TopK = search.Int("top_k"),
                TopP = search.Double("top_p"),
                RepetitionPenalty = search.Double("repetition_penalty"),
            },
        };
    }

    private static IReadOnlyDictionary<string, string> Strings(JsonElement? element)
        => element is { ValueKind: JsonValueKind.Object } obj
            ? obj.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 })
                .ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();
}

/// <summary>Generation defaults a model package declares (genai_config "search" or generation_config.json).</summary>
public sealed record SearchDefaults
{
    public bool? DoSample { get; init; }
    public int? MaxLength { get; init; }
    public double? Temperature { get; init; }
    public int? TopK { get; init; }
    public double? TopP { get; init; }
    public double? RepetitionPenalty { get; init; }
}
