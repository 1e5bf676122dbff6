namespace Inference.Engine.Tokenization;

/// <summary>
/// Settings from tokenizer_config.json that callers need besides the tokenizer itself. Encode follows the
/// post-processor of tokenizer.json (as the reference does); <see cref="AddBosToken"/> and
/// <see cref="AddEosToken"/> are exposed for callers that check them against it.
/// </summary>
public sealed record TokenizerConfig(
    bool? AddBosToken,
    bool? AddEosToken,
    bool? CleanUpTokenizationSpaces,
    long? ModelMaxLength,
    string? TokenizerClass,
    string? ChatTemplate,
    IReadOnlyDictionary<string, string> NamedChatTemplates)
{
    public static TokenizerConfig Empty { get; } = new(null, null, null, null, null, null, new Dictionary<string, string>());
}
