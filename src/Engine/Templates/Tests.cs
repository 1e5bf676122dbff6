namespace Inference.Engine.Templates;

/// <summary>Jinja's built-in tests (<c>x is defined</c>, <c>x is string</c>, ...) with Jinja 3.1 semantics.</summary>
internal static class Tests
{
    public static readonly HashSet<string> Names =
    [
        "defined", "undefined", "none", "boolean", "true", "false", "string", "number", "integer", "float", "mapping",
        "sequence", "iterable", "callable", "odd", "even", "divisibleby", "eq", "equalto", "==", "ne", "!=", "lt",
        "lessthan", "<", "le", "<=", "gt", "greaterthan", ">", "ge", ">=", "in", "sameas", "lower", "upper", "escaped",
    ];

    public static bool Apply(string name, TemplateValue v, CallArguments args)
    {
        TemplateValue Arg() => args.Required(0, "value", name);
        return name switch
        {
            "defined" => v is not UndefinedValue,
            "undefined" => v is UndefinedValue,
            "none" => v is NoneValue,
            "boolean" => v is BooleanValue,
            "true" => v is BooleanValue { Value: true },
            "false" => v is BooleanValue { Value: false },
            "string" => v is StringValue,
            "number" => v is IntegerValue or LargeIntegerValue or FloatValue or BooleanValue,
            "integer" => v is IntegerValue or LargeIntegerValue,
            "float" => v is FloatValue,
            "mapping" => v is DictValue,
            "sequence" => v is StringValue or ListValue or DictValue or UndefinedValue,
            "iterable" => v is StringValue or ListValue or DictValue or UndefinedValue,
            "callable" => v is CallableValue,
            "odd" => Integer(v, name) % 2 != 0,
            "even" => Integer(v, name) % 2 == 0,
            "divisibleby" => Integer(Arg(), name) is var d && d != 0 ? Integer(v, name) % d == 0
                : throw new TemplateRuntimeException("integer division or modulo by zero"),
            "eq" or "equalto" or "==" => Operators.AreEqual(v, Arg()),
            "ne" or "!=" => !Operators.AreEqual(v, Arg()),
            "lt" or "lessthan" or "<" => Operators.Compare("<", v, Arg()),
            "le" or "<=" => Operators.Compare("<=", v, Arg()),
            "gt" or "greaterthan" or ">" => Operators.Compare(">", v, Arg()),
            "ge" or ">=" => Operators.Compare(">=", v, Arg()),
            "in" => Operators.Contains(Arg(), v),
            "sameas" => SameAs(v, Arg()),
            "lower" => PyString.IsLower(v.ToString()),
            "upper" => PyString.IsUpper(v.ToString()),
            "escaped" => false,
            _ => throw new TemplateRuntimeException($"No test named '{name}'."),
        };
    }

    private static long Integer(TemplateValue v, string test)
    {
        if (Operators.TryInteger(v, out var i)) return i;
        if (v is FloatValue f && f.Value == Math.Floor(f.Value)) return (long)f.Value;
        Operators.ThrowIfUndefined(v);
        throw new TemplateRuntimeException($"test '{test}' needs a number, not {v.TypeName}");
    }

    /// <summary>Python 'is': singletons compare by identity; other values are distinct objects unless the same instance.</summary>
    private static bool SameAs(TemplateValue a, TemplateValue b) => (a, b) switch
    {
        (NoneValue, NoneValue) => true,
        (BooleanValue x, BooleanValue y) => x.Value == y.Value,
        _ => ReferenceEquals(a, b),
    };
}
