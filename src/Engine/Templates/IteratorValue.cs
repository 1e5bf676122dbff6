namespace Inference.Engine.Templates;

/// <summary>
/// What Jinja's lazy filters (select, reject, selectattr, rejectattr, map, unique, items, batch, reverse) return: a
/// one-pass Python iterator. It is always truthy, has no len(), cannot be indexed, and a second iteration continues
/// where the first stopped. Its items are produced on first iteration, so errors surface there, as in Python.
/// </summary>
internal sealed class IteratorValue : TemplateValue
{
    private readonly string _typeName;
    private Func<IReadOnlyList<TemplateValue>>? _produce;
    private IReadOnlyList<TemplateValue>? _items;
    private int _position;

    public IteratorValue(Func<IReadOnlyList<TemplateValue>> produce, string typeName = "generator")
    {
        _produce = produce;
        _typeName = typeName;
    }

    public IteratorValue(IReadOnlyList<TemplateValue> items, string typeName) : this(() => items, typeName) { }

    public override string TypeName => _typeName;
    public override string Repr() => $"<{_typeName} object>";

    public IEnumerable<TemplateValue> Consume()
    {
        if (_items is null)
        {
            var produce = _produce!;
            _produce = null;
            _items = [];
            _items = produce();
        }
        while (_position < _items.Count) yield return _items[_position++];
    }
}
