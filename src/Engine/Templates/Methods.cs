using System.Text;

namespace Inference.Engine.Templates;

/// <summary>The Python methods templates call on str, dict and list values. Mutating methods are refused, as
/// transformers' ImmutableSandboxedEnvironment refuses them.</summary>
internal static class Methods
{
    private static readonly HashSet<string> UnsafeListMethods = ["append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear"];
    /// <summary>The only methods here that, like their CPython builtins, accept keyword arguments.</summary>
    private static readonly HashSet<string> KeywordMethods = ["split", "rsplit", "splitlines", "format"];
    private static readonly HashSet<string> UnsafeDictMethods = ["pop", "popitem", "setdefault", "update", "clear"];

    public static bool TryBind(TemplateValue obj, string name, out TemplateValue method, TemplateLimits? limits = null)
    {
        Func<CallArguments, TemplateValue>? body = obj switch
        {
            StringValue s => StringMethod(s.Value, name, limits ?? TemplateLimits.Default),
            DictValue d => DictMethod(d, name),
            ListValue l => ListMethod(l, name),
            _ => null,
        };
        var unsafeAccess = (obj is ListValue && UnsafeListMethods.Contains(name)) || (obj is DictValue && UnsafeDictMethods.Contains(name));
        if (unsafeAccess)
            body = _ => throw new TemplateRuntimeException($"access to attribute '{name}' of '{obj.TypeName}' object is unsafe.");
        if (body is not null && !KeywordMethods.Contains(name))
        {
            var positionalOnly = body;
            var typeName = obj.TypeName;
            body = a => a.Keywords.Count > 0
                ? throw new TemplateRuntimeException($"{typeName}.{name}() takes no keyword arguments")
                : positionalOnly(a);
        }
        method = body is null ? UndefinedValue.Anonymous : new CallableValue(name, body);
        return body is not null;
    }

    private static string Str(TemplateValue v, string method) =>
        v as StringValue is { } s ? s.Value : throw new TemplateRuntimeException($"{method}() argument must be str, not {v.TypeName}");

    private static char[]? StripChars(CallArguments a, string method) => a.Get(0, "chars") switch
    {
        null or NoneValue => null,
        var v => Str(v, method).ToCharArray(),
    };

    private static Func<CallArguments, TemplateValue>? StringMethod(string s, string name, TemplateLimits limits) => name switch
    {
        "strip" => a => new StringValue(StripChars(a, name) is { } c ? s.Trim(c) : PyString.Strip(s, true, true)),
        "lstrip" => a => new StringValue(StripChars(a, name) is { } c ? s.TrimStart(c) : PyString.Strip(s, true, false)),
        "rstrip" => a => new StringValue(StripChars(a, name) is { } c ? s.TrimEnd(c) : PyString.Strip(s, false, true)),
        "upper" => _ => new StringValue(s.ToUpperInvariant()),
        "lower" => _ => new StringValue(s.ToLowerInvariant()),
        "title" => _ => new StringValue(PyString.Title(s)),
        "capitalize" => _ => new StringValue(PyString.Capitalize(s)),
        "swapcase" => _ => new StringValue(string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)))),
        "startswith" => a => TemplateValue.From(Affix(s, a.Required(0, "prefix", name), name, (x, p) => x.StartsWith(p, StringComparison.Ordinal))),
        "endswith" => a => TemplateValue.From(Affix(s, a.Required(0, "suffix", name), name, (x, p) => x.EndsWith(p, StringComparison.Ordinal))),
        "split" => a => PyString.Split(s, a.Get(0, "sep"), a.Get(1, "maxsplit")),
        "rsplit" => a => PyString.RSplit(s, a.Get(0, "sep"), a.Get(1, "maxsplit")),
        "splitlines" => a => new ListValue(PyString.SplitLines(s, a.Get(0, "keepends")?.IsTruthy ?? false).Select(x => (TemplateValue)new StringValue(x)).ToList()),
        "replace" => a => new StringValue(PyString.Replace(s, Str(a.Required(0, "old", name), name), Str(a.Required(1, "new", name), name),
            a.Get(2, "count") is { } c && Operators.TryInteger(c, out var n) ? n : -1, limits)),
        "find" => a => new IntegerValue(s.IndexOf(Str(a.Required(0, "sub", name), name), StringComparison.Ordinal)),
        "rfind" => a => new IntegerValue(s.LastIndexOf(Str(a.Required(0, "sub", name), name), StringComparison.Ordinal)),
        "index" => a => s.IndexOf(Str(a.Required(0, "sub", name), name), StringComparison.Ordinal) is var i and >= 0
            ? new IntegerValue(i) : throw new TemplateRuntimeException("substring not found"),
        "count" => a => new IntegerValue(PyString.Count(s, Str(a.Required(0, "sub", name), name))),
        "join" => a => new StringValue(string.Join(s, Values.Iterate(a.Required(0, "iterable", name)).Select(v => Str(v, "join")))),
        "isdigit" => _ => TemplateValue.From(s.Length > 0 && s.All(char.IsDigit)),
        "isnumeric" => _ => TemplateValue.From(s.Length > 0 && s.All(char.IsNumber)),
        "isalpha" => _ => TemplateValue.From(s.Length > 0 && s.All(char.IsLetter)),
        "isalnum" => _ => TemplateValue.From(s.Length > 0 && s.All(char.IsLetterOrDigit)),
        "isspace" => _ => TemplateValue.From(s.Length > 0 && s.All(char.IsWhiteSpace)),
        "isupper" => _ => TemplateValue.From(PyString.IsUpper(s)),
        "islower" => _ => TemplateValue.From(PyString.IsLower(s)),
        "zfill" => a => new StringValue(PyString.ZFill(s, a.Required(0, "width", name))),
        "format" => a => new StringValue(PyString.Format(s, a)),
        _ => null,
    };

    private static bool Affix(string s, TemplateValue affix, string method, Func<string, string, bool> test) => affix switch
    {
        StringValue p => test(s, p.Value),
        ListValue { IsTuple: true } t => t.Items.Any(x => test(s, Str(x, method))),
        _ => throw new TemplateRuntimeException($"{method} first arg must be str or a tuple of str, not {affix.TypeName}"),
    };

    private static Func<CallArguments, TemplateValue>? DictMethod(DictValue d, string name) => name switch
    {
        "items" => _ => new DictViewValue("items", d.Entries.Select(e => (TemplateValue)new ListValue([e.Key, e.Value], isTuple: true)).ToList()),
        "keys" => _ => new DictViewValue("keys", d.Entries.Select(e => e.Key).ToList()),
        "values" => _ => new DictViewValue("values", d.Entries.Select(e => e.Value).ToList()),
        "get" => a =>
        {
            var key = a.Required(0, "key", name);
            return PythonKeyComparer.IsHashable(key) && d.TryGet(key, out var v) ? v : a.Get(1, "default", NoneValue.Instance);
        },
        "copy" => _ => new DictValue(d.Entries),
        _ => null,
    };

    private static Func<CallArguments, TemplateValue>? ListMethod(ListValue l, string name) => name switch
    {
        "index" => a =>
        {
            var x = a.Required(0, "value", name);
            for (var i = 0; i < l.Items.Count; i++)
                if (Operators.AreEqual(l.Items[i], x)) return new IntegerValue(i);
            throw new TemplateRuntimeException($"{x.Repr()} is not in list");
        },
        "count" => a =>
        {
            var x = a.Required(0, "value", name);
            return new IntegerValue(l.Items.Count(i => Operators.AreEqual(i, x)));
        },
        "copy" => _ => new ListValue(l.Items.ToList(), l.IsTuple),
        _ => null,
    };
}
