using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>
/// A value inside the template interpreter. The variants mirror the Python objects a Hugging Face chat template
/// sees (str, int, float, bool, None, list/tuple, dict, Jinja's Undefined and namespace, callables), and their
/// printing and truthiness follow Python, because the rendered prompt must match Jinja2 byte for byte.
/// </summary>
public abstract class TemplateValue
{
    /// <summary>The Python type name, used in error messages ("str", "int", "dict", ...).</summary>
    public abstract string TypeName { get; }

    /// <summary>Python truthiness.</summary>
    public virtual bool IsTruthy => true;

    /// <summary>Python <c>str(value)</c>.</summary>
    public override string ToString() => Repr();

    /// <summary>Python <c>repr(value)</c>.</summary>
    public abstract string Repr();

    public static TemplateValue From(string? value) => value is null ? NoneValue.Instance : new StringValue(value);
    public static TemplateValue From(long value) => new IntegerValue(value);
    public static TemplateValue From(double value) => new FloatValue(value);
    public static TemplateValue From(bool value) => value ? BooleanValue.True : BooleanValue.False;
}

public sealed class StringValue(string value) : TemplateValue
{
    public static readonly StringValue Empty = new("");
    public string Value { get; } = value;
    public override string TypeName => "str";
    public override bool IsTruthy => Value.Length > 0;
    public override string ToString() => Value;
    public override string Repr() => PythonFormat.ReprString(Value);
}

public sealed class IntegerValue(long value) : TemplateValue
{
    public long Value { get; } = value;
    public override string TypeName => "int";
    public override bool IsTruthy => Value != 0;
    public override string Repr() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A Python int beyond 64 bits (e.g. a large id in tool-call JSON): printed, serialised and compared exactly;
/// arithmetic on it is refused rather than done inexactly.</summary>
public sealed class LargeIntegerValue(System.Numerics.BigInteger value) : TemplateValue
{
    public System.Numerics.BigInteger Value { get; } = value;
    public override string TypeName => "int";
    public override bool IsTruthy => !Value.IsZero;
    public override string Repr() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed class FloatValue(double value) : TemplateValue
{
    public double Value { get; } = value;
    public override string TypeName => "float";
    public override bool IsTruthy => Value != 0;
    public override string Repr() => PythonFormat.ReprFloat(Value);
}

public sealed class BooleanValue : TemplateValue
{
    public static readonly BooleanValue True = new(true);
    public static readonly BooleanValue False = new(false);
    private BooleanValue(bool value) => Value = value;
    public bool Value { get; }
    public override string TypeName => "bool";
    public override bool IsTruthy => Value;
    public override string Repr() => Value ? "True" : "False";
}

public sealed class NoneValue : TemplateValue
{
    public static readonly NoneValue Instance = new();
    private NoneValue() { }
    public override string TypeName => "NoneType";
    public override bool IsTruthy => false;
    public override string Repr() => "None";
}

/// <summary>Jinja's default Undefined: prints empty, is falsy, iterates as empty; most other uses are errors.</summary>
public sealed class UndefinedValue : TemplateValue
{
    public static readonly UndefinedValue Anonymous = new("the value is undefined");
    public UndefinedValue(string hint) => Hint = hint;

    /// <summary>The message Jinja would raise on misuse, e.g. "'foo' is undefined".</summary>
    public string Hint { get; }
    public override string TypeName => "Undefined";
    public override bool IsTruthy => false;
    public override string ToString() => "";
    public override string Repr() => "Undefined";
}

/// <summary>A Python list, or a tuple when <see cref="IsTuple"/> (only printing differs). Immutable, as in HF's sandbox.</summary>
public sealed class ListValue(IReadOnlyList<TemplateValue> items, bool isTuple = false) : TemplateValue
{
    public static readonly ListValue Empty = new([]);
    public IReadOnlyList<TemplateValue> Items { get; } = items;
    public bool IsTuple { get; } = isTuple;
    public override string TypeName => IsTuple ? "tuple" : "list";
    public override bool IsTruthy => Items.Count > 0;

    public override string Repr()
    {
        var sb = new StringBuilder(IsTuple ? "(" : "[");
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(Items[i].Repr());
        }
        if (IsTuple && Items.Count == 1) sb.Append(',');
        return sb.Append(IsTuple ? ')' : ']').ToString();
    }
}

/// <summary>A Python dict: insertion-ordered, keys compared with Python equality (1 == 1.0 == True).</summary>
public sealed class DictValue : TemplateValue
{
    private readonly List<KeyValuePair<TemplateValue, TemplateValue>> _entries = [];
    private readonly Dictionary<TemplateValue, int> _index = new(PythonKeyComparer.Instance);

    public DictValue() { }

    public DictValue(IEnumerable<KeyValuePair<TemplateValue, TemplateValue>> entries)
    {
        foreach (var (k, v) in entries) Set(k, v);
    }

    public IReadOnlyList<KeyValuePair<TemplateValue, TemplateValue>> Entries => _entries;
    public int Count => _entries.Count;
    public override string TypeName => "dict";
    public override bool IsTruthy => _entries.Count > 0;

    public bool TryGet(TemplateValue key, out TemplateValue value)
    {
        if (PythonKeyComparer.IsHashable(key) && _index.TryGetValue(key, out var i))
        {
            value = _entries[i].Value;
            return true;
        }
        value = UndefinedValue.Anonymous;
        return false;
    }

    public bool TryGet(string key, out TemplateValue value) => TryGet(new StringValue(key), out value);

    /// <summary>Used only while building a dict (literals, conversions); templates cannot mutate dicts.</summary>
    internal void Set(TemplateValue key, TemplateValue value)
    {
        if (!PythonKeyComparer.IsHashable(key))
            throw new TemplateRuntimeException($"unhashable type: '{key.TypeName}'");
        if (_index.TryGetValue(key, out var i)) _entries[i] = new(_entries[i].Key, value);
        else
        {
            _index[key] = _entries.Count;
            _entries.Add(new(key, value));
        }
    }

    public override string Repr()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _entries.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(_entries[i].Key.Repr()).Append(": ").Append(_entries[i].Value.Repr());
        }
        return sb.Append('}').ToString();
    }
}

/// <summary>Jinja's <c>namespace()</c>: the one mutable object, so that loops can carry state out.</summary>
public sealed class NamespaceValue : TemplateValue
{
    public Dictionary<string, TemplateValue> Attributes { get; } = new(StringComparer.Ordinal);
    public override string TypeName => "Namespace";
    public override string Repr() => "<Namespace>";
}

/// <summary>A function value: a global (raise_exception, strftime_now, namespace), a bound method or a macro.</summary>
public sealed class CallableValue(string name, Func<CallArguments, TemplateValue> invoke) : TemplateValue
{
    public string Name { get; } = name;
    internal Func<CallArguments, TemplateValue> Invoke { get; } = invoke;
    public override string TypeName => "function";
    public override string Repr() => $"<function {Name}>";
}
