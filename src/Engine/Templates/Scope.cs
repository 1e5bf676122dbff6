namespace Inference.Engine.Templates;

/// <summary>A variable frame. Loop iterations and macro calls get their own frame, as Jinja scopes them.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, TemplateValue> _variables = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public TemplateValue Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
            if (s._variables.TryGetValue(name, out var value)) return value;
        return new UndefinedValue($"'{name}' is undefined");
    }

    public void Set(string name, TemplateValue value) => _variables[name] = value;
}
