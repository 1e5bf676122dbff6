namespace Inference.Engine.Templates;

/// <summary>Python semantics of the binary operators, comparisons and membership used by templates.</summary>
internal static class Operators
{
    public static bool IsNumber(TemplateValue v) => v is IntegerValue or FloatValue or BooleanValue or LargeIntegerValue;

    /// <summary>bool counts as int, as in Python.</summary>
    public static bool TryInteger(TemplateValue v, out long value)
    {
        switch (v)
        {
            case IntegerValue i: value = i.Value; return true;
            case BooleanValue b: value = b.Value ? 1 : 0; return true;
            default: value = 0; return false;
        }
    }

    public static double ToDouble(TemplateValue v) => v switch
    {
        IntegerValue i => i.Value,
        FloatValue f => f.Value,
        BooleanValue b => b.Value ? 1 : 0,
        LargeIntegerValue big => (double)big.Value,
        _ => throw new InvalidOperationException("not a number"),
    };

    public static void ThrowIfUndefined(TemplateValue v)
    {
        if (v is UndefinedValue u) throw new TemplateRuntimeException(u.Hint);
    }

    private static bool TryBig(TemplateValue v, out System.Numerics.BigInteger value)
    {
        if (v is LargeIntegerValue big) { value = big.Value; return true; }
        if (TryInteger(v, out var l)) { value = l; return true; }
        value = default;
        return false;
    }

    public static bool AreEqual(TemplateValue a, TemplateValue b)
    {
        if ((a is LargeIntegerValue || b is LargeIntegerValue) && TryBig(a, out var ba) && TryBig(b, out var bb)) return ba == bb;
        if (a is LargeIntegerValue || b is LargeIntegerValue)
            return (a, b) is (LargeIntegerValue or FloatValue, LargeIntegerValue or FloatValue) && ToDouble(a) == ToDouble(b);
        if (IsNumber(a) && IsNumber(b))
        {
            if (TryInteger(a, out var x) && TryInteger(b, out var y)) return x == y;
            return ToDouble(a) == ToDouble(b);
        }
        return (a, b) switch
        {
            (StringValue s, StringValue t) => s.Value == t.Value,
            (NoneValue, NoneValue) => true,
            (UndefinedValue, UndefinedValue) => true,
            (ListValue l, ListValue m) => l.IsTuple == m.IsTuple && l.Items.Count == m.Items.Count
                                          && l.Items.Zip(m.Items).All(p => AreEqual(p.First, p.Second)),
            (DictValue d, DictValue e) => d.Count == e.Count
                                          && d.Entries.All(kv => e.TryGet(kv.Key, out var other) && AreEqual(kv.Value, other)),
            _ => ReferenceEquals(a, b),
        };
    }

    /// <summary>Python ordering (&lt;, &gt;, ...); mismatched types are a TypeError as in Python 3.</summary>
    public static int Order(TemplateValue a, TemplateValue b, string op)
    {
        ThrowIfUndefined(a);
        ThrowIfUndefined(b);
        if ((a is LargeIntegerValue || b is LargeIntegerValue) && TryBig(a, out var ba) && TryBig(b, out var bb)) return ba.CompareTo(bb);
        if (IsNumber(a) && IsNumber(b))
        {
            if (TryInteger(a, out var x) && TryInteger(b, out var y)) return x.CompareTo(y);
            var (p, q) = (ToDouble(a), ToDouble(b));
            return p < q ? -1 : p > q ? 1 : 0;
        }
        switch (a, b)
        {
            case (StringValue s, StringValue t):
                return Math.Sign(string.CompareOrdinal(s.Value, t.Value));
            case (ListValue l, ListValue m) when l.IsTuple == m.IsTuple:
                for (var i = 0; i < Math.Min(l.Items.Count, m.Items.Count); i++)
                    if (!AreEqual(l.Items[i], m.Items[i])) return Order(l.Items[i], m.Items[i], op);
                return l.Items.Count.CompareTo(m.Items.Count);
            default:
                throw new TemplateRuntimeException($"'{op}' not supported between instances of '{a.TypeName}' and '{b.TypeName}'");
        }
    }

    public static bool Compare(string op, TemplateValue a, TemplateValue b) => op switch
    {
        "==" => AreEqual(a, b),
        "!=" => !AreEqual(a, b),
        "<" => Order(a, b, op) < 0,
        "<=" => Order(a, b, op) <= 0,
        ">" => Order(a, b, op) > 0,
        ">=" => Order(a, b, op) >= 0,
        "in" => Contains(b, a),
        "notin" => !Contains(b, a),
        _ => throw new TemplateRuntimeException($"unknown comparison '{op}'"),
    };

    public static bool Contains(TemplateValue container, TemplateValue item)
    {
        switch (container)
        {
            case StringValue s:
                if (item is not StringValue sub)
                    throw new TemplateRuntimeException($"'in <string>' requires string as left operand, not {item.TypeName}");
                return s.Value.Contains(sub.Value, StringComparison.Ordinal);
            case ListValue l: return l.Items.Any(x => AreEqual(x, item));
            case IteratorValue it: return it.Consume().Any(x => AreEqual(x, item));
            case DictViewValue view: return view.Items.Any(x => AreEqual(x, item));
            case DictValue d:
                if (!PythonKeyComparer.IsHashable(item)) throw new TemplateRuntimeException($"unhashable type: '{item.TypeName}'");
                return d.TryGet(item, out _);
            case NamespaceValue n: return item is StringValue k && n.Attributes.ContainsKey(k.Value);
            case UndefinedValue: return false;
            default: throw new TemplateRuntimeException($"argument of type '{container.TypeName}' is not iterable");
        }
    }

    public static TemplateValue Binary(string op, TemplateValue a, TemplateValue b, TemplateLimits limits)
    {
        if (op == "~") return Concat(a.ToString(), b.ToString(), limits);
        ThrowIfUndefined(a);
        ThrowIfUndefined(b);
        if (IsNumber(a) && IsNumber(b)) return Arithmetic(op, a, b);
        switch (op, a, b)
        {
            case ("+", StringValue s, StringValue t): return Concat(s.Value, t.Value, limits);
            case ("+", ListValue l, ListValue m) when l.IsTuple == m.IsTuple:
                CheckSize((long)l.Items.Count + m.Items.Count, limits);
                return new ListValue([.. l.Items, .. m.Items], l.IsTuple);
            case ("*", StringValue or ListValue, _) when TryInteger(b, out var n): return Repeat(a, n, limits);
            case ("*", _, StringValue or ListValue) when TryInteger(a, out var n): return Repeat(b, n, limits);
        }
        if (op == "+" && a is StringValue)
            throw new TemplateRuntimeException($"can only concatenate str (not \"{b.TypeName}\") to str");
        if (op == "%" && a is StringValue fmt) return new StringValue(PrintfFormat.Format(fmt.Value, b));
        throw new TemplateRuntimeException($"unsupported operand type(s) for {op}: '{a.TypeName}' and '{b.TypeName}'");
    }

    private static void CheckSize(long size, TemplateLimits limits)
    {
        if (size > limits.MaxOutputChars)
            throw new TemplateLimitException($"a value of {size} elements exceeds the output limit of {limits.MaxOutputChars}");
    }

    private static StringValue Concat(string a, string b, TemplateLimits limits)
    {
        CheckSize((long)a.Length + b.Length, limits);
        return new StringValue(a + b);
    }

    private static TemplateValue Repeat(TemplateValue seq, long n, TemplateLimits limits)
    {
        n = Math.Max(0, n);
        if (seq is StringValue s)
        {
            CheckSize(s.Value.Length * n, limits);
            return new StringValue(string.Concat(Enumerable.Repeat(s.Value, (int)n)));
        }
        var l = (ListValue)seq;
        CheckSize(l.Items.Count * n, limits);
        var items = new List<TemplateValue>();
        for (var i = 0; i < n; i++) items.AddRange(l.Items);
        return new ListValue(items, l.IsTuple);
    }

    private static TemplateValue Arithmetic(string op, TemplateValue a, TemplateValue b)
    {
        if (a is LargeIntegerValue || b is LargeIntegerValue)
            throw new TemplateRuntimeException("arithmetic on integers beyond 64 bits is not supported");
        if (TryInteger(a, out var x) && TryInteger(b, out var y))
        {
            try
            {
                switch (op)
                {
                    case "+": return new IntegerValue(checked(x + y));
                    case "-": return new IntegerValue(checked(x - y));
                    case "*": return new IntegerValue(checked(x * y));
                    case "/":
                        if (y == 0) throw new TemplateRuntimeException("division by zero");
                        return new FloatValue((double)x / y);
                    case "//":
                        if (y == 0) throw new TemplateRuntimeException("integer division or modulo by zero");
                        return new IntegerValue(FloorDiv(x, y));
                    case "%":
                        if (y == 0) throw new TemplateRuntimeException("integer division or modulo by zero");
                        return new IntegerValue(x - FloorDiv(x, y) * y);
                    case "**":
                        if (y < 0) return new FloatValue(Math.Pow(x, y));
                        long result = 1;
                        for (var i = 0; i < y; i++)
                        {
                            result = checked(result * x);
                            if (result == 0 || result == 1 && x == 1) break;
                        }
                        return new IntegerValue(result);
                }
            }
            catch (OverflowException)
            {
                throw new TemplateRuntimeException("integer overflow (values beyond 64 bits are not supported)");
            }
        }
        var (p, q) = (ToDouble(a), ToDouble(b));
        switch (op)
        {
            case "+": return new FloatValue(p + q);
            case "-": return new FloatValue(p - q);
            case "*": return new FloatValue(p * q);
            case "**": return new FloatValue(Math.Pow(p, q));
        }
        if (q == 0) throw new TemplateRuntimeException("float division by zero");
        return op switch
        {
            "/" => new FloatValue(p / q),
            "//" => new FloatValue(Math.Floor(p / q)),
            "%" => new FloatValue(p - Math.Floor(p / q) * q),
            _ => throw new TemplateRuntimeException($"unknown operator '{op}'"),
        };
    }

    private static long FloorDiv(long x, long y)
    {
        var q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0))) q--;
        return q;
    }

    public static TemplateValue Negate(TemplateValue v)
    {
        ThrowIfUndefined(v);
        return v switch
        {
            IntegerValue i when i.Value != long.MinValue => new IntegerValue(-i.Value),
            IntegerValue or LargeIntegerValue => throw new TemplateRuntimeException("arithmetic on integers beyond 64 bits is not supported"),
            BooleanValue b => new IntegerValue(b.Value ? -1 : 0),
            FloatValue f => new FloatValue(-f.Value),
            _ => throw new TemplateRuntimeException($"bad operand type for unary -: '{v.TypeName}'"),
        };
    }
}
