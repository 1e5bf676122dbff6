namespace Inference.Engine.Templates;

/// <summary>
/// A chat template (Jinja2 source from <c>tokenizer_config.json</c> or <c>chat_template.jinja</c>) parsed once and
/// rendered many times; rendering is thread-safe. Rendering follows transformers' sandboxed environment, so the
/// output matches <c>tokenizer.apply_chat_template(..., tokenize=False)</c> byte for byte.
/// </summary>
public sealed class ChatTemplate
{
    private readonly ParsedTemplate _parsed;
    private readonly ChatTemplateOptions _options;

    private ChatTemplate(string source, ParsedTemplate parsed, ChatTemplateOptions options)
    {
        Source = source;
        _parsed = parsed;
        _options = options;
    }

    public string Source { get; }

    /// <exception cref="TemplateSyntaxException">The source is not valid or uses an unsupported construct.</exception>
    public static ChatTemplate Parse(string source, ChatTemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= ChatTemplateOptions.Default;
        var normalized = TemplateLexer.NormalizeSource(source);
        var tokens = TemplateLexer.Tokenize(normalized, options.TrimBlocks, options.LStripBlocks);
        return new ChatTemplate(source, TemplateParser.Parse(normalized, tokens), options);
    }

    /// <summary>Renders with the variables transformers passes: messages, tools, documents, add_generation_prompt,
    /// the special tokens, then <see cref="ChatTemplateContext.Extra"/>.</summary>
    /// <exception cref="TemplateRaisedException">The template rejected the conversation via raise_exception.</exception>
    /// <exception cref="TemplateRuntimeException">A type or undefined-value error while rendering.</exception>
    /// <exception cref="TemplateLimitException">A sandbox limit was exceeded.</exception>
    public string Render(ChatTemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ContinueFinalMessage && context.AddGenerationPrompt)
            throw new ArgumentException("continue_final_message and add_generation_prompt are not compatible", nameof(context));
        var variables = new Dictionary<string, TemplateValue>(StringComparer.Ordinal)
        {
            ["messages"] = new ListValue(context.Messages),
            ["tools"] = context.Tools is null ? NoneValue.Instance : new ListValue(context.Tools),
            ["documents"] = context.Documents is null ? NoneValue.Instance : new ListValue(context.Documents),
            ["add_generation_prompt"] = TemplateValue.From(context.AddGenerationPrompt),
        };
        if (context.BosToken is not null) variables["bos_token"] = new StringValue(context.BosToken);
        if (context.EosToken is not null) variables["eos_token"] = new StringValue(context.EosToken);
        foreach (var (k, v) in context.Extra) variables[k] = v;
        var rendered = Render(variables);
        return context.ContinueFinalMessage ? FinalMessageContinuation.Cut(rendered, context.Messages) : rendered;
    }

    /// <summary>Renders with exactly the given variables.</summary>
    public string Render(IReadOnlyDictionary<string, TemplateValue> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var globals = new Scope(null);
        TemplateGlobals.Install(globals, _options.Clock);
        var scope = new Scope(globals);
        foreach (var (k, v) in variables) scope.Set(k, v);
        try
        {
            return new Renderer(_options.Limits, _parsed.Locations).Render(_parsed.Body, scope);
        }
        catch (Exception e) when (e is InvalidCastException or InvalidOperationException or ArgumentException
                                      or FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new TemplateRuntimeException($"template evaluation failed: {e.Message}");
        }
    }
}
