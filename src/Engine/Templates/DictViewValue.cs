using System.Text;

namespace Inference.Engine.Templates;

/// <summary>Python's dict_items/dict_keys/dict_values: re-iterable and sized like a list, but not indexable and
/// printed as <c>dict_items([...])</c>.</summary>
internal sealed class DictViewValue(string kind, IReadOnlyList<TemplateValue> items) : TemplateValue
{
    public IReadOnlyList<TemplateValue> Items { get; } = items;
    public override string TypeName => "dict_" + kind;
    public override bool IsTruthy => Items.Count > 0;

    public override string Repr()
    {
        var sb = new StringBuilder(TypeName).Append("([");
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Items[i].Repr());
        }
        return sb.Append("])").ToString();
    }
}
