namespace Inference.Engine.Templates;

/// <summary>Jinja's <c>loop</c> variable. Attributes are computed on access, so a loop costs no per-iteration dict.</summary>
internal sealed class LoopValue(IReadOnlyList<TemplateValue> items, int index) : TemplateValue
{
    public override string TypeName => "LoopContext";
    public override string Repr() => $"<LoopContext {index + 1}/{items.Count}>";

    public TemplateValue Get(string name) => name switch
    {
        "index" => new IntegerValue(index + 1),
        "index0" => new IntegerValue(index),
        "revindex" => new IntegerValue(items.Count - index),
        "revindex0" => new IntegerValue(items.Count - index - 1),
        "first" => From(index == 0),
        "last" => From(index == items.Count - 1),
        "length" => new IntegerValue(items.Count),
        "depth" => new IntegerValue(1),
        "depth0" => new IntegerValue(0),
        "previtem" => index > 0 ? items[index - 1] : new UndefinedValue("there is no previous item"),
        "nextitem" => index < items.Count - 1 ? items[index + 1] : new UndefinedValue("there is no next item"),
        "cycle" => new CallableValue("cycle", a => a.Positional.Count == 0
            ? throw new TemplateRuntimeException("no items for cycling given")
            : a.Positional[index % a.Positional.Count]),
        _ => new UndefinedValue($"'LoopContext object' has no attribute '{name}'"),
    };
}
