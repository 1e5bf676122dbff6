namespace Inference.Engine.Templates;

/// <summary>The global functions of transformers' chat-template environment: Jinja's range/namespace/dict plus
/// raise_exception and strftime_now.</summary>
internal static class TemplateGlobals
{
    /// <summary>Jinja's sandbox refuses ranges longer than this (jinja2.sandbox.MAX_RANGE).</summary>
    private const int MaxRange = 100_000;

    public static void Install(Scope scope, TimeProvider clock)
    {
        scope.Set("raise_exception", new CallableValue("raise_exception", a =>
            throw new TemplateRaisedException(a.Get(0, "message", StringValue.Empty).ToString())));
        scope.Set("strftime_now", new CallableValue("strftime_now", a =>
            new StringValue(Strftime.Format(clock.GetLocalNow().DateTime, a.Required(0, "format", "strftime_now").ToString()))));
        scope.Set("namespace", new CallableValue("namespace", Namespace));
        scope.Set("range", new CallableValue("range", Range));
        scope.Set("dict", new CallableValue("dict", a =>
            new DictValue(a.Keywords.Select(k => new KeyValuePair<TemplateValue, TemplateValue>(new StringValue(k.Key), k.Value)))));
    }

    private static TemplateValue Namespace(CallArguments a)
    {
        var ns = new NamespaceValue();
        foreach (var positional in a.Positional)
        {
            if (positional is not DictValue d) throw new TemplateRuntimeException("namespace() takes a mapping or keyword arguments");
            foreach (var (k, v) in d.Entries) ns.Attributes[k.ToString()] = v;
        }
        foreach (var (k, v) in a.Keywords) ns.Attributes[k] = v;
        return ns;
    }

    private static TemplateValue Range(CallArguments a)
    {
        long Int(TemplateValue v) => Operators.TryInteger(v, out var i) ? i
            : throw new TemplateRuntimeException($"'{v.TypeName}' object cannot be interpreted as an integer");
        var args = a.Positional.Select(Int).ToList();
        var (start, stop, step) = args.Count switch
        {
            1 => (0L, args[0], 1L),
            2 => (args[0], args[1], 1L),
            3 => (args[0], args[1], args[2]),
            _ => throw new TemplateRuntimeException($"range expected 1 to 3 arguments, got {args.Count}"),
        };
        if (step == 0) throw new TemplateRuntimeException("range() arg 3 must not be zero");
        var count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0) : (start > stop ? (start - stop - step - 1) / -step : 0);
        if (count > MaxRange) throw new TemplateLimitException($"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).");
        var items = new List<TemplateValue>((int)count);
        for (var i = 0L; i < count; i++) items.Add(new IntegerValue(start + i * step));
        return new ListValue(items);
    }
}
