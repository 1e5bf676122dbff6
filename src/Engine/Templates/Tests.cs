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

    /// <summary>Tests that take an argument besides the value; every other test takes none.</summary>
    private static readonly HashSet<string> OneArgument =
        ["divisibleby", "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt", "greaterthan", ">", "ge", ">=", "in", "sameas"];

    public static bool Apply(string name, TemplateValue v, CallArguments args)
    {
        var allowed = OneArgument.Contains(name) ? 1 : 0;
        if (args.Positional.Count + args.Keywords.Count > allowed)
            throw new TemplateRuntimeException($"test_{name}() takes {allowed + 1} positional argument{(allowed == 0 ? "" : "s")} but {args.Positional.Count + args.Keywords.Count + 1} were given");
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
            "iterable" => v is StringValue or ListValue or DictValue or UndefinedValue or IteratorValue or DictViewValue,
            "callable" => v is CallableValue,
            "odd" => Operators.AreEqual(Modulo(v, new IntegerValue(2)), new IntegerValue(1)),
            "even" => Operators.AreEqual(Modulo(v, new IntegerValue(2)), new IntegerValue(0)),
            "divisibleby" => Operators.AreEqual(Modulo(v, Arg()), new IntegerValue(0)),
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

    /// <summary>Jinja's odd/even/divisibleby are plain Python <c>value % n</c> comparisons, floats included.</summary>
    private static TemplateValue Modulo(TemplateValue v, TemplateValue n) => Operators.Binary("%", v, n, TemplateLimits.Default);

    /// <summary>Python 'is': singletons compare by identity; other values are distinct objects unless the same instance.</summary>
    private static bool SameAs(TemplateValue a, TemplateValue b) => (a, b) switch
    {
        (NoneValue, NoneValue) => true,
        (BooleanValue x, BooleanValue y) => x.Value == y.Value,
        _ => ReferenceEquals(a, b),
    };
}
