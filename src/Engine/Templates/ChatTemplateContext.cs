namespace Inference.Engine.Templates;

/// <summary>
/// The variables transformers' <c>apply_chat_template</c> passes to a chat template. Messages, tools and documents
/// are lists of JSON-like values (build them with <see cref="TemplateValueConverter"/>). As in transformers,
/// <c>tools</c> and <c>documents</c> are always defined and are <c>None</c> when not given.
/// </summary>
public sealed record ChatTemplateContext
{
    public required IReadOnlyList<TemplateValue> Messages { get; init; }
    public bool AddGenerationPrompt { get; init; }

    /// <summary>Cut the prompt right after the final message's text so the model continues it (assistant prefill),
    /// as transformers' <c>continue_final_message</c>. Incompatible with <see cref="AddGenerationPrompt"/>.</summary>
    public bool ContinueFinalMessage { get; init; }
    public string? BosToken { get; init; }
    public string? EosToken { get; init; }
    public IReadOnlyList<TemplateValue>? Tools { get; init; }
    public IReadOnlyList<TemplateValue>? Documents { get; init; }

    /// <summary>Further variables (e.g. <c>enable_thinking</c>, <c>date_string</c>, other special tokens).
    /// They override the named ones above, as keyword arguments do in transformers.</summary>
    public IReadOnlyDictionary<string, TemplateValue> Extra { get; init; } = new Dictionary<string, TemplateValue>();
}
