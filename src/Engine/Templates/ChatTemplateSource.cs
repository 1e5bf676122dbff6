using Inference.Engine.Tokenization;

namespace Inference.Engine.Templates;

/// <summary>
/// The one rule that chooses a model folder's chat template, as transformers loads it: a <c>chat_template.jinja</c> file
/// (what newer exports write) wins; else <c>tokenizer_config.json</c>'s <c>chat_template</c>, a string or, from a list of
/// named templates, the one named "default"; else none. genai_config.json carries no template: a model-builder export
/// gets its template from the tokenizer files it ships like any other folder. Used for served models and reward models alike.
/// </summary>
public sealed record ChatTemplateSource(string Origin, string Text)
{
    public const string TemplateFile = "chat_template.jinja";

    /// <summary>The template of the folder whose tokenizer configuration is <paramref name="config"/>, or null.</summary>
    public static ChatTemplateSource? Find(string directory, TokenizerConfig config)
    {
        var file = Path.Combine(directory, TemplateFile);
        if (File.Exists(file)) return new ChatTemplateSource(TemplateFile, File.ReadAllText(file));
        if (config.ChatTemplate is { } text)
            return new ChatTemplateSource(config.NamedChatTemplates.Count > 0 ? "tokenizer_config.json chat_template \"default\"" : "tokenizer_config.json chat_template", text);
        return null;
    }

    /// <summary>The parsed template of a folder, or null when it has none.</summary>
    public static ChatTemplate? Load(string directory, TokenizerConfig config) => Find(directory, config) is { } source ? ChatTemplate.Parse(source.Text) : null;
}
