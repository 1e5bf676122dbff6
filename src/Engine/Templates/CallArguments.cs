namespace Inference.Engine.Templates;

/// <summary>Positional and keyword arguments of a call, with Python-style binding helpers.</summary>
public sealed class CallArguments(IReadOnlyList<TemplateValue> positional, IReadOnlyList<KeyValuePair<string, TemplateValue>> keywords)
{
    public static readonly CallArguments None = new([], []);
    public IReadOnlyList<TemplateValue> Positional { get; } = positional;
    public IReadOnlyList<KeyValuePair<string, TemplateValue>> Keywords { get; } = keywords;

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else null.</summary>
    public TemplateValue? Get(int index, string name)
    {
        if (index < Positional.Count) return Positional[index];
        foreach (var (k, v) in Keywords)
            if (k == name) return v;
        return null;
    }

    public TemplateValue Get(int index, string name, TemplateValue fallback) => Get(index, name) ?? fallback;

    public TemplateValue Required(int index, string name, string function) =>
        Get(index, name) ?? throw new TemplateRuntimeException($"{function}() missing required argument '{name}'");
}
