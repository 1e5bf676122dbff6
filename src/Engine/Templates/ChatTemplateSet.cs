using System.Text.Json;

namespace Inference.Engine.Templates;

/// <summary>
/// The chat templates a model ships: <c>tokenizer_config.json</c>'s <c>chat_template</c> is either one template string
/// or a list of <c>{"name", "template"}</c> (e.g. Command-R's default/tool_use/rag). Selection follows transformers'
/// <c>get_chat_template</c>: an explicit name, else <c>tool_use</c> when tools are given and present, else <c>default</c>.
/// Templates are parsed lazily, once.
/// </summary>
public sealed class ChatTemplateSet
{
    public const string DefaultName = "default";
    public const string ToolUseName = "tool_use";

    private readonly Dictionary<string, Lazy<ChatTemplate>> _templates = new(StringComparer.Ordinal);

    private ChatTemplateSet(IEnumerable<KeyValuePair<string, string>> sources, ChatTemplateOptions? options)
    {
        foreach (var (name, source) in sources)
            _templates[name] = new Lazy<ChatTemplate>(() => ChatTemplate.Parse(source, options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IReadOnlyCollection<string> Names => _templates.Keys;

    /// <summary>A single template (from chat_template.jinja or a string-valued chat_template), named "default".</summary>
    public static ChatTemplateSet FromSource(string source, ChatTemplateOptions? options = null) =>
        new([new(DefaultName, source)], options);

    /// <summary>Reads the value of a <c>chat_template</c> key.</summary>
    /// <exception cref="FormatException">The value is neither a string nor a list of name/template objects.</exception>
    public static ChatTemplateSet FromConfigValue(JsonElement chatTemplate, ChatTemplateOptions? options = null)
    {
        if (chatTemplate.ValueKind == JsonValueKind.String) return FromSource(chatTemplate.GetString()!, options);
        if (chatTemplate.ValueKind != JsonValueKind.Array)
            throw new FormatException($"chat_template must be a string or a list of {{name, template}} objects, not {chatTemplate.ValueKind}");
        var sources = new List<KeyValuePair<string, string>>();
        foreach (var item in chatTemplate.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("template", out var template) || template.ValueKind != JsonValueKind.String)
                throw new FormatException("each chat_template list entry needs string 'name' and 'template' fields");
            sources.Add(new(name.GetString()!, template.GetString()!));
        }
        return new ChatTemplateSet(sources, options);
    }

    /// <exception cref="KeyNotFoundException">The named template does not exist, or no default can be chosen.</exception>
    /// <exception cref="TemplateSyntaxException">The selected template does not parse.</exception>
    public ChatTemplate Select(string? name = null, bool hasTools = false)
    {
        if (name is not null)
            return _templates.TryGetValue(name, out var named)
                ? named.Value
                : throw new KeyNotFoundException($"the model has no chat template named '{name}' (it has: {string.Join(", ", Names)})");
        if (hasTools && _templates.TryGetValue(ToolUseName, out var toolUse)) return toolUse.Value;
        if (_templates.TryGetValue(DefaultName, out var fallback)) return fallback.Value;
        throw new KeyNotFoundException($"the model has several chat templates ({string.Join(", ", Names)}) and none is named 'default'");
    }
}
