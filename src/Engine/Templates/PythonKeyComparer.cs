namespace Inference.Engine.Templates;

/// <summary>Python dict-key equality: True, 1 and 1.0 are the same key; lists and dicts are unhashable.</summary>
internal sealed class PythonKeyComparer : IEqualityComparer<TemplateValue>
{
    public static readonly PythonKeyComparer Instance = new();

    public static bool IsHashable(TemplateValue v) =>
        v is StringValue or IntegerValue or LargeIntegerValue or FloatValue or BooleanValue or NoneValue or UndefinedValue
        || (v is ListValue { IsTuple: true } t && t.Items.All(IsHashable));

    public bool Equals(TemplateValue? x, TemplateValue? y) => x is not null && y is not null && Operators.AreEqual(x, y);

    public int GetHashCode(TemplateValue v) => v switch
    {
        StringValue s => StringComparer.Ordinal.GetHashCode(s.Value),
        IntegerValue i => i.Value.GetHashCode(),
        LargeIntegerValue big => big.Value.GetHashCode(),
        BooleanValue b => (b.Value ? 1L : 0L).GetHashCode(),
        FloatValue f when f.Value == Math.Floor(f.Value) && Math.Abs(f.Value) < 9.2e18 => ((long)f.Value).GetHashCode(),
        FloatValue f => f.Value.GetHashCode(),
        ListValue l => l.Items.Aggregate(17, (h, item) => h * 31 + GetHashCode(item)),
        _ => 0,
    };
}
