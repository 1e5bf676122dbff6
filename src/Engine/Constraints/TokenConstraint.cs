using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Inference.Engine.Constraints;

/// <summary>What a <see cref="TokenConstraint"/> was compiled from.</summary>
public enum ConstraintKind
{
    JsonSchema,
    JsonObject,
    Regex,
    Choices,
}

/// <summary>
/// A constraint on the text a request generates: a grammar compiled from a JSON Schema, <c>json_object</c> (any
/// JSON object), a regex the whole output must match, or a list of exact choices. Independent of any model: the
/// scheduler binds it to the model's vocabulary (<see cref="Bind"/>) when the request is submitted. Compiled
/// constraints are cached by kind and canonical source text, and each keeps its bindings, so repeated requests reuse
/// their states and masks. Set it as <see cref="Sampling.SamplingParams.Constraint"/>.
/// </summary>
public sealed class TokenConstraint
{
    /// <summary>Compiled constraints kept for reuse; the cache restarts beyond this many.</summary>
    private const int MaxCached = 512;

    private static readonly ConcurrentDictionary<string, TokenConstraint> Compiled = new(StringComparer.Ordinal);
    private static readonly Lazy<TokenConstraint> AnyObject = new(() => new TokenConstraint(ConstraintKind.JsonObject, "", JsonSchemaCompiler.AnyObject()));

    private readonly ConditionalWeakTable<ConstraintVocabulary, BoundConstraint> bindings = new();

    private TokenConstraint(ConstraintKind kind, string source, Grammar grammar)
    {
        Kind = kind;
        Source = source;
        Grammar = grammar;
    }

    public ConstraintKind Kind { get; }

    /// <summary>The canonical source: the schema as compact JSON, the pattern, the choices as a JSON array; "" for json_object.</summary>
    public string Source { get; }

    internal Grammar Grammar { get; }

    /// <summary>Any JSON object (OpenAI's <c>response_format: {"type": "json_object"}</c>).</summary>
    public static TokenConstraint JsonObject => AnyObject.Value;

    /// <summary>
    /// Documents valid under <paramref name="schemaJson"/> (see <see cref="JsonSchemaCompiler"/> for the subset).
    /// Throws <see cref="ConstraintCompileException"/> for malformed JSON or an unsupported keyword.
    /// </summary>
    public static TokenConstraint FromJsonSchema(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(schemaJson);
        }
        catch (JsonException e)
        {
            throw new ConstraintCompileException($"The schema is not valid JSON: {e.Message}", "");
        }
        using (document) return FromJsonSchema(document.RootElement);
    }

    /// <inheritdoc cref="FromJsonSchema(string)"/>
    public static TokenConstraint FromJsonSchema(JsonElement schema)
    {
        var canonical = JsonSerializer.Serialize(schema);
        return Cached(ConstraintKind.JsonSchema, canonical, () => JsonSchemaCompiler.Compile(schema));
    }

    /// <summary>Text that <paramref name="pattern"/> matches as a whole (see <see cref="RegexCompiler"/> for the subset).</summary>
    public static TokenConstraint FromRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Cached(ConstraintKind.Regex, pattern, () => RegexCompiler.Compile(pattern));
    }

    /// <summary>Exactly one of <paramref name="choices"/>, verbatim.</summary>
    public static TokenConstraint FromChoices(IEnumerable<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var list = choices.ToArray();
        if (list.Length == 0) throw new ConstraintCompileException("The choice list is empty.", "choices");
        for (var i = 0; i < list.Length; i++)
            if (list[i] is null) throw new ConstraintCompileException("A choice is null.", $"choices[{i}]");
        return Cached(ConstraintKind.Choices, JsonSerializer.Serialize(list), () =>
        {
            var b = new GrammarBuilder("choices");
            var rule = b.NewRule("choices");
            foreach (var choice in list) b.Finish(b.Literal(b.Start(rule), Encoding.UTF8.GetBytes(choice)), rule);
            return b.Build(rule);
        });
    }

    private static TokenConstraint Cached(ConstraintKind kind, string source, Func<Grammar> compile)
    {
        var key = $"{kind}\n{source}";
        if (Compiled.TryGetValue(key, out var known)) return known;
        var constraint = new TokenConstraint(kind, source, compile());
        if (Compiled.Count >= MaxCached) Compiled.Clear();
        return Compiled.GetOrAdd(key, constraint);
    }

    /// <summary>
    /// This constraint over <paramref name="vocabulary"/> (cached per vocabulary). Throws
    /// <see cref="ConstraintCompileException"/> when the constraint allows only the empty output or the tokenizer's
    /// decoder cannot be read token by token.
    /// </summary>
    public BoundConstraint Bind(ConstraintVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        lock (bindings)
        {
            if (!bindings.TryGetValue(vocabulary, out var bound))
            {
                bound = new BoundConstraint(Grammar, vocabulary);
                bindings.Add(vocabulary, bound);
            }
            return bound;
        }
    }

    public override string ToString() => Kind == ConstraintKind.JsonObject ? "json_object" : $"{Kind}: {Source}";
}
