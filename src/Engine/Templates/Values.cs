using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>Jinja's sandboxed attribute/item lookup, iteration, slicing and len() over template values.</summary>
internal static class Values
{
    public static string ObjectTypeRepr(TemplateValue v) => v is NoneValue ? "None" : $"{v.TypeName} object";

    private static UndefinedValue Missing(TemplateValue obj, string name) =>
        new($"'{ObjectTypeRepr(obj)}' has no attribute '{name}'");

    public static IEnumerable<TemplateValue> Iterate(TemplateValue value) => value switch
    {
        ListValue l => l.Items,
        DictValue d => d.Entries.Select(e => e.Key),
        StringValue s => Characters(s.Value),
        IteratorValue it => it.Consume(),
        DictViewValue view => view.Items,
        UndefinedValue => [],
        _ => throw new TemplateRuntimeException($"'{value.TypeName}' object is not iterable"),
    };

    /// <summary>Python iterates strings by code point.</summary>
    public static IEnumerable<TemplateValue> Characters(string s)
    {
        foreach (var rune in s.EnumerateRunes()) yield return new StringValue(rune.ToString());
    }

    public static int Length(TemplateValue value) => value switch
    {
        StringValue s => CodePointCount(s.Value),
        ListValue l => l.Items.Count,
        DictValue d => d.Count,
        DictViewValue view => view.Items.Count,
        UndefinedValue => 0,
        NamespaceValue n => n.Attributes.Count,
        _ => throw new TemplateRuntimeException($"object of type '{value.TypeName}' has no len()"),
    };

    private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static int CodePointCount(string s)
    {
        var n = s.Length;
        foreach (var c in s)
            if (char.IsLowSurrogate(c)) n--;
        return n;
    }

    public static TemplateValue GetAttribute(TemplateValue obj, string name, TemplateLimits? limits = null)
    {
        switch (obj)
        {
            case UndefinedValue u: throw new TemplateRuntimeException(u.Hint);
            case DictValue d:
                if (Methods.TryBind(d, name, out var dm, limits)) return dm;
                return d.TryGet(name, out var v) ? v : Missing(obj, name);
            case NamespaceValue n:
                return n.Attributes.TryGetValue(name, out var nv) ? nv : Missing(obj, name);
            case LoopValue loop:
                return loop.Get(name);
            default:
                return Methods.TryBind(obj, name, out var m, limits) ? m : Missing(obj, name);
        }
    }

    /// <summary>Python getattr without the item fallback (the attr filter): dict keys are not attributes.</summary>
    public static TemplateValue GetAttributeOnly(TemplateValue obj, string name, TemplateLimits limits)
    {
        if (obj is NamespaceValue n) return n.Attributes.TryGetValue(name, out var nv) ? nv : Missing(obj, name);
        return Methods.TryBind(obj, name, out var m, limits) ? m : Missing(obj, name);
    }

    public static TemplateValue GetItem(TemplateValue obj, TemplateValue key, TemplateLimits? limits = null)
    {
        switch (obj)
        {
            case UndefinedValue u: throw new TemplateRuntimeException(u.Hint);
            case DictValue d:
                if (PythonKeyComparer.IsHashable(key) && d.TryGet(key, out var v)) return v;
                break;
            case ListValue l when Operators.TryInteger(key, out var i):
                if (i < 0) i += l.Items.Count;
                if (i >= 0 && i < l.Items.Count) return l.Items[(int)i];
                return new UndefinedValue($"{ObjectTypeRepr(obj)} has no element {key.Repr()}");
            case StringValue s when Operators.TryInteger(key, out var i) && !HasSurrogates(s.Value):
                if (i < 0) i += s.Value.Length;
                if (i >= 0 && i < s.Value.Length) return new StringValue(s.Value[(int)i].ToString());
                return new UndefinedValue($"{ObjectTypeRepr(obj)} has no element {key.Repr()}");
            case StringValue s when Operators.TryInteger(key, out var i):
                var chars = Characters(s.Value).ToList();
                if (i < 0) i += chars.Count;
                if (i >= 0 && i < chars.Count) return chars[(int)i];
                return new UndefinedValue($"{ObjectTypeRepr(obj)} has no element {key.Repr()}");
            case NamespaceValue n when key is StringValue k:
                return n.Attributes.TryGetValue(k.Value, out var nv) ? nv : Missing(obj, k.Value);
            case LoopValue loop when key is StringValue k:
                return loop.Get(k.Value);
        }
        if (key is StringValue name)
        {
            if (Methods.TryBind(obj, name.Value, out var method, limits)) return method;
            return Missing(obj, name.Value);
        }
        return new UndefinedValue($"{ObjectTypeRepr(obj)} has no element {key.Repr()}");
    }

    public static TemplateValue Slice(TemplateValue obj, TemplateValue? start, TemplateValue? stop, TemplateValue? step)
    {
        Operators.ThrowIfUndefined(obj);
        if (obj is StringValue plain && !HasSurrogates(plain.Value))
        {
            var picked = SliceIndices(plain.Value.Length, start, stop, step);
            var buffer = new StringBuilder(picked.Count);
            foreach (var i in picked) buffer.Append(plain.Value[i]);
            return new StringValue(buffer.ToString());
        }
        IReadOnlyList<TemplateValue> items;
        switch (obj)
        {
            case ListValue l: items = l.Items; break;
            case StringValue s: items = Characters(s.Value).ToList(); break;
            // Jinja compiles slices to a plain Python slice (not its forgiving getitem), so this is a TypeError.
            default: throw new TemplateRuntimeException($"'{obj.TypeName}' object is not subscriptable");
        }
        var indices = SliceIndices(items.Count, start, stop, step);
        if (obj is StringValue)
        {
            var sb = new StringBuilder();
            foreach (var i in indices) sb.Append(((StringValue)items[i]).Value);
            return new StringValue(sb.ToString());
        }
        return new ListValue(indices.Select(i => items[i]).ToList(), ((ListValue)obj).IsTuple);
    }

    /// <summary>Python's slice.indices: clamps bounds, supports negative indices and steps.</summary>
    public static List<int> SliceIndices(int length, TemplateValue? startValue, TemplateValue? stopValue, TemplateValue? stepValue)
    {
        long? Int(TemplateValue? v, string what)
        {
            if (v is null or NoneValue) return null;
            if (Operators.TryInteger(v, out var x)) return x;
            throw new TemplateRuntimeException($"slice {what} must be an integer or None, not {v.TypeName}");
        }
        var step = Int(stepValue, "step") ?? 1;
        if (step == 0) throw new TemplateRuntimeException("slice step cannot be zero");
        long Clamp(long? v, long fallback, long low, long high)
        {
            if (v is not { } x) return fallback;
            if (x < 0) x += length;
            return Math.Clamp(x, low, high);
        }
        var result = new List<int>();
        if (step > 0)
        {
            var start = Clamp(Int(startValue, "start"), 0, 0, length);
            var stop = Clamp(Int(stopValue, "stop"), length, 0, length);
            for (var i = start; i < stop; i += step) result.Add((int)i);
        }
        else
        {
            var start = Clamp(Int(startValue, "start"), length - 1, -1, length - 1);
            var stop = Clamp(Int(stopValue, "stop"), -1, -1, length - 1);
            for (var i = start; i > stop; i += step) result.Add((int)i);
        }
        return result;
    }

    /// <summary>Jinja's environment.getitem with a dotted path ("a.b", "0"), used by map/selectattr/sort/join attribute=.</summary>
    public static TemplateValue GetPath(TemplateValue obj, TemplateValue attribute)
    {
        if (attribute is not StringValue path) return GetItem(obj, attribute);
        var current = obj;
        foreach (var part in path.Value.Split('.'))
        {
            TemplateValue key = int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? new IntegerValue(index) : new StringValue(part);
            current = GetItem(current, key);
        }
        return current;
    }
}
