namespace Inference.Engine.Packages;

/// <summary>The parts of Hugging Face config.json and generation_config.json this engine uses.</summary>
public sealed record HuggingFaceConfig
{
    public string? ModelType { get; init; }
    public int? VocabSize { get; init; }
    public int? MaxPositionEmbeddings { get; init; }
    public int? NumHiddenLayers { get; init; }
    public int? NumAttentionHeads { get; init; }
    public int? NumKeyValueHeads { get; init; }
    public int? HiddenSize { get; init; }
    public int? HeadDim { get; init; }
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    public SearchDefaults Generation { get; init; } = new();

    /// <summary>Reads config.json and generation_config.json of <paramref name="directory"/>; null when neither exists.</summary>
    public static HuggingFaceConfig? Read(string directory)
    {
        using var config = ConfigJson.Open(Path.Combine(directory, "config.json"));
        using var generation = ConfigJson.Open(Path.Combine(directory, "generation_config.json"));
        if (config is null && generation is null) return null;
        var c = config?.RootElement;
        var g = generation?.RootElement;
        var eos = g.Ints("eos_token_id");
        return new HuggingFaceConfig
        {
            ModelType = c.String("model_type"),
            VocabSize = c.Int("vocab_size"),
            MaxPositionEmbeddings = c.Int("max_position_embeddings") ?? c.Int("n_positions"),
            NumHiddenLayers = c.Int("num_hidden_layers") ?? c.Int("n_layer"),
            NumAttentionHeads = c.Int("num_attention_heads") ?? c.Int("n_head"),
            NumKeyValueHeads = c.Int("num_key_value_heads"),
            HiddenSize = c.Int("hidden_size") ?? c.Int("n_embd"),
            HeadDim = c.Int("head_dim"),
            BosTokenId = g.Int("bos_token_id") ?? c.Int("bos_token_id"),
            EosTokenIds = eos.Count > 0 ? eos : c.Ints("eos_token_id"),
            PadTokenId = g.Int("pad_token_id") ?? c.Int("pad_token_id"),
            Generation = new SearchDefaults
            {
                DoSample = g.Bool("do_sample"),
                MaxLength = g.Int("max_length"),
                Temperature = g.Double("temperature"),
                TopK = g.Int("top_k"),
                TopP = g.Double("top_p"),
                RepetitionPenalty = g.Double("repetition_penalty"),
            },
        };
    }
}
