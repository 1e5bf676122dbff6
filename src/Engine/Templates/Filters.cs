using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Inference.Engine.Templates;

/// <summary>Jinja's built-in filters (jinja2/filters.py) plus transformers' <c>tojson</c> override.</summary>
internal static partial class Filters
{
    public static readonly HashSet<string> Names =
    [
        "tojson", "string", "trim", "upper", "lower", "capitalize", "title", "length", "count", "default", "d", "join",
        "first", "last", "replace", "int", "float", "abs", "round", "list", "items", "dictsort", "safe", "escape", "e",
        "forceescape", "reverse", "unique", "sort", "sum", "min", "max", "map", "select", "reject", "selectattr",
        "rejectattr", "attr", "indent", "format", "wordcount", "center", "batch",
    ];

    /// <summary>Most positional arguments each filter takes besides its input (Python raises TypeError beyond).</summary>
    private static readonly Dictionary<string, int> MaxPositional = new()
    {
        ["string"] = 0, ["upper"] = 0, ["lower"] = 0, ["capitalize"] = 0, ["title"] = 0, ["length"] = 0, ["count"] = 0,
        ["first"] = 0, ["last"] = 0, ["list"] = 0, ["items"] = 0, ["abs"] = 0, ["safe"] = 0, ["escape"] = 0, ["e"] = 0,
        ["forceescape"] = 0, ["reverse"] = 0, ["wordcount"] = 0, ["trim"] = 1, ["float"] = 1, ["attr"] = 1, ["center"] = 1,
        ["default"] = 2, ["d"] = 2, ["join"] = 2, ["int"] = 2, ["round"] = 2, ["unique"] = 2, ["sum"] = 2, ["min"] = 2,
        ["max"] = 2, ["batch"] = 2, ["replace"] = 3, ["dictsort"] = 3, ["sort"] = 3, ["indent"] = 3, ["tojson"] = 4,
    };

    public static TemplateValue Apply(string name, TemplateValue v, CallArguments a, Renderer renderer)
    {
        if (MaxPositional.TryGetValue(name, out var max) && a.Positional.Count > max)
            throw new TemplateRuntimeException($"{name}() takes at most {max + 1} positional arguments ({a.Positional.Count + 1} given)");
        switch (name)
        {
            case "tojson": return new StringValue(PythonJson.Dumps(v, a, renderer.Limits));
            case "string": return new StringValue(v.ToString());
            case "trim": return new StringValue(a.Get(0, "chars") is StringValue chars ? v.ToString().Trim(chars.Value.ToCharArray()) : PyString.Strip(v.ToString(), true, true));
            case "upper": return new StringValue(v.ToString().ToUpperInvariant());
            case "lower": return new StringValue(v.ToString().ToLowerInvariant());
            case "capitalize": return new StringValue(PyString.Capitalize(v.ToString()));
            case "title": return new StringValue(JinjaTitle(v.ToString()));
            case "length" or "count": return new IntegerValue(Values.Length(v));
            case "default" or "d":
                var useDefault = v is UndefinedValue || ((a.Get(1, "boolean")?.IsTruthy ?? false) && !v.IsTruthy);
                return useDefault ? a.Get(0, "default_value", StringValue.Empty) : v;
            case "join": return Join(v, a);
            case "first":
                foreach (var item in Values.Iterate(v)) return item;
                return new UndefinedValue("No first item, sequence was empty.");
            case "last":
                if (v is IteratorValue) throw new TemplateRuntimeException($"'{v.TypeName}' object is not reversible");
                var all = Values.Iterate(v).ToList();
                return all.Count > 0 ? all[^1] : new UndefinedValue("No last item, sequence was empty.");
            case "replace":
                var count = a.Get(2, "count") is { } c && Operators.TryInteger(c, out var n) ? n : -1;
                return new StringValue(PyString.Replace(v.ToString(), a.Required(0, "old", name).ToString(), a.Required(1, "new", name).ToString(), count, renderer.Limits));
            case "int": return ToInt(v, a);
            case "float": return ToFloat(v, a);
            case "abs":
                return v switch
                {
                    IntegerValue i => new IntegerValue(Math.Abs(i.Value)),
                    FloatValue f => new FloatValue(Math.Abs(f.Value)),
                    BooleanValue b => new IntegerValue(b.Value ? 1 : 0),
                    _ => throw new TemplateRuntimeException($"bad operand type for abs(): '{v.TypeName}'"),
                };
            case "round": return Round(v, a);
            case "list": return new ListValue(Values.Iterate(v).ToList());
            case "items":
                return new IteratorValue(() => v switch
                {
                    UndefinedValue => [],
                    DictValue d => d.Entries.Select(e => (TemplateValue)new ListValue([e.Key, e.Value], isTuple: true)).ToList(),
                    _ => throw new TemplateRuntimeException("Can only get item pairs from a mapping."),
                });
            case "dictsort": return DictSort(v, a);
            case "safe": return v;
            case "escape" or "e" or "forceescape": return new StringValue(HtmlEscape(v.ToString()));
            case "reverse":
                return v switch
                {
                    StringValue rs => new StringValue(string.Concat(Values.Characters(rs.Value).Reverse().Select(x => x.ToString()))),
                    // A one-pass iterator is not reversible, so Jinja falls back to a reversed list.
                    IteratorValue => new ListValue(Values.Iterate(v).Reverse().ToList()),
                    ListValue => new IteratorValue(Values.Iterate(v).Reverse().ToList(), "list_reverseiterator"),
                    DictValue => new IteratorValue(Values.Iterate(v).Reverse().ToList(), "dict_reversekeyiterator"),
                    UndefinedValue => new IteratorValue([], "reversed"),
                    _ => throw new TemplateRuntimeException($"argument to reversed() must be a sequence, not {v.TypeName}"),
                };
            case "unique": return new IteratorValue(() => Unique(v, a));
            case "sort": return Sort(v, a);
            case "sum": return Sum(v, a, renderer);
            case "min" or "max": return MinMax(v, a, name == "max");
            case "map": return new IteratorValue(() => Map(v, a, renderer));
            case "select" or "reject": return new IteratorValue(() => Select(v, a, name == "select", attributeMode: false));
            case "selectattr" or "rejectattr": return new IteratorValue(() => Select(v, a, name == "selectattr", attributeMode: true));
            case "attr": return Values.GetAttributeOnly(v, a.Required(0, "name", name).ToString(), renderer.Limits);
            case "indent":
                // Jinja's indent appends "\n" to its input without converting it, so only strings are accepted.
                if (v is not StringValue indented) throw new TemplateRuntimeException($"unsupported operand type(s) for +=: '{v.TypeName}' and 'str'");
                return new StringValue(Indent(indented.Value, a, renderer.Limits));
            case "format": return new StringValue(PrintfFormat.Format(v.ToString(),
                a.Positional.Count == 1 ? a.Positional[0] : new ListValue(a.Positional, isTuple: true)));
            case "wordcount": return new IntegerValue(WordRegex().Matches(v.ToString()).Count);
            case "center":
                var requested = a.Get(0, "width") is { } w && Operators.TryInteger(w, out var wi) ? wi : 80;
                if (requested > renderer.Limits.MaxOutputChars)
                    throw new TemplateLimitException($"center width {requested} exceeds the output limit of {renderer.Limits.MaxOutputChars}");
                var width = (int)requested;
                var text = v.ToString();
                if (text.Length >= width) return new StringValue(text);
                var left = (width - text.Length) / 2 + ((width - text.Length) & width & 1);
                return new StringValue(new string(' ', left) + text + new string(' ', width - text.Length - left));
            case "batch": return new IteratorValue(() => Batch(v, a));
            default: throw new TemplateRuntimeException($"No filter named '{name}'.");
        }
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBeginningSplit();

    /// <summary>Jinja's title filter (not str.title): capitalises after whitespace, '-', and opening brackets.</summary>
    private static string JinjaTitle(string s)
    {
        var sb = new StringBuilder();
        foreach (var item in WordBeginningSplit().Split(s))
        {
            if (item.Length == 0) continue;
            sb.Append(char.ToUpperInvariant(item[0])).Append(item[1..].ToLowerInvariant());
        }
        return sb.ToString();
    }

    private static string HtmlEscape(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;").Replace("'", "&#39;");

    private static TemplateValue Join(TemplateValue v, CallArguments a)
    {
        var separator = a.Get(0, "d", StringValue.Empty).ToString();
        var attribute = a.Get(1, "attribute");
        var parts = Values.Iterate(v).Select(item => (attribute is null ? item : Values.GetPath(item, attribute)).ToString());
        return new StringValue(string.Join(separator, parts));
    }

    private static TemplateValue ToInt(TemplateValue v, CallArguments a)
    {
        Operators.ThrowIfUndefined(v);
        var fallback = a.Get(0, "default", new IntegerValue(0));
        var numberBase = a.Get(1, "base") is { } b && Operators.TryInteger(b, out var bi) ? (int)bi : 10;
        switch (v)
        {
            case IntegerValue or LargeIntegerValue: return v;
            case BooleanValue bv: return new IntegerValue(bv.Value ? 1 : 0);
            case FloatValue f when !double.IsNaN(f.Value) && !double.IsInfinity(f.Value) && Math.Abs(f.Value) < 9.2e18:
                return new IntegerValue((long)Math.Truncate(f.Value));
            case StringValue s:
                var text = PyString.Strip(s.Value, true, true).Replace("_", "");
                if (numberBase == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                    return new IntegerValue(parsed);
                if (numberBase == 16 && long.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text,
                        NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
                    return new IntegerValue(hex);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) < 9.2e18)
                    return new IntegerValue((long)Math.Truncate(d));
                return fallback;
            default: return fallback;
        }
    }

    private static TemplateValue ToFloat(TemplateValue v, CallArguments a)
    {
        Operators.ThrowIfUndefined(v);
        var fallback = a.Get(0, "default", new FloatValue(0));
        return v switch
        {
            FloatValue => v,
            IntegerValue or BooleanValue or LargeIntegerValue => new FloatValue(Operators.ToDouble(v)),
            StringValue s when double.TryParse(PyString.Strip(s.Value, true, true).Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new FloatValue(d),
            _ => fallback,
        };
    }

    private static TemplateValue Round(TemplateValue v, CallArguments a)
    {
        if (!Operators.IsNumber(v)) throw new TemplateRuntimeException($"type {v.TypeName} doesn't define __round__ method");
        var precision = a.Get(0, "precision") is { } p && Operators.TryInteger(p, out var pi) ? (int)Math.Clamp(pi, 0, 15) : 0;
        var method = a.Get(1, "method", new StringValue("common")).ToString();
        if (method == "common" && v is IntegerValue or BooleanValue) return new IntegerValue(Operators.TryInteger(v, out var whole) ? whole : 0);
        var x = Operators.ToDouble(v);
        var scale = Math.Pow(10, precision);
        return new FloatValue(method switch
        {
            "common" => Math.Round(x, precision, MidpointRounding.ToEven),
            "ceil" => Math.Ceiling(x * scale) / scale,
            "floor" => Math.Floor(x * scale) / scale,
            _ => throw new TemplateRuntimeException("method must be common, ceil or floor"),
        });
    }

    private static int SortCompare(TemplateValue x, TemplateValue y, bool caseSensitive)
    {
        if (!caseSensitive && x is StringValue sx && y is StringValue sy)
            return Math.Sign(string.CompareOrdinal(sx.Value.ToLowerInvariant(), sy.Value.ToLowerInvariant()));
        return Operators.Order(x, y, "<");
    }

    private static TemplateValue DictSort(TemplateValue v, CallArguments a)
    {
        if (v is not DictValue d) throw new TemplateRuntimeException("dictsort: value must be a dict");
        var caseSensitive = a.Get(0, "case_sensitive")?.IsTruthy ?? false;
        var byValue = a.Get(1, "by", new StringValue("key")).ToString() == "value";
        var reverse = a.Get(2, "reverse")?.IsTruthy ?? false;
        var entries = d.Entries.ToList();
        entries.Sort((p, q) => SortCompare(byValue ? p.Value : p.Key, byValue ? q.Value : q.Key, caseSensitive));
        if (reverse) entries.Reverse();
        return new ListValue(entries.Select(e => (TemplateValue)new ListValue([e.Key, e.Value], isTuple: true)).ToList());
    }

    private static List<TemplateValue> Unique(TemplateValue v, CallArguments a)
    {
        var caseSensitive = a.Get(0, "case_sensitive")?.IsTruthy ?? false;
        var attribute = a.Get(1, "attribute");
        var seenHashable = new HashSet<TemplateValue>(PythonKeyComparer.Instance);
        var seenOther = new List<TemplateValue>();
        var result = new List<TemplateValue>();
        foreach (var item in Values.Iterate(v))
        {
            var key = attribute is null ? item : Values.GetPath(item, attribute);
            if (!caseSensitive && key is StringValue s) key = new StringValue(s.Value.ToLowerInvariant());
            bool isNew;
            if (PythonKeyComparer.IsHashable(key)) isNew = seenHashable.Add(key);
            else if (seenOther.Any(k => Operators.AreEqual(k, key))) isNew = false;
            else
            {
                seenOther.Add(key);
                isNew = true;
            }
            if (isNew) result.Add(item);
        }
        return result;
    }

    private static TemplateValue Sort(TemplateValue v, CallArguments a)
    {
        var reverse = a.Get(0, "reverse")?.IsTruthy ?? false;
        var caseSensitive = a.Get(1, "case_sensitive")?.IsTruthy ?? false;
        var attribute = a.Get(2, "attribute");
        var items = Values.Iterate(v).ToList();
        TemplateValue Key(TemplateValue item) => attribute is null ? item : Values.GetPath(item, attribute);
        var sorted = reverse
            ? items.OrderByDescending(Key, Comparer<TemplateValue>.Create((x, y) => SortCompare(x, y, caseSensitive))).ToList()
            : items.OrderBy(Key, Comparer<TemplateValue>.Create((x, y) => SortCompare(x, y, caseSensitive))).ToList();
        return new ListValue(sorted);
    }

    private static TemplateValue Sum(TemplateValue v, CallArguments a, Renderer renderer)
    {
        var attribute = a.Get(0, "attribute");
        var total = a.Get(1, "start", new IntegerValue(0));
        foreach (var item in Values.Iterate(v))
            total = Operators.Binary("+", total, attribute is null ? item : Values.GetPath(item, attribute), renderer.Limits);
        return total;
    }

    private static TemplateValue MinMax(TemplateValue v, CallArguments a, bool max)
    {
        var caseSensitive = a.Get(0, "case_sensitive")?.IsTruthy ?? false;
        var attribute = a.Get(1, "attribute");
        TemplateValue? best = null, bestKey = null;
        foreach (var item in Values.Iterate(v))
        {
            var key = attribute is null ? item : Values.GetPath(item, attribute);
            if (best is null || (max ? SortCompare(key, bestKey!, caseSensitive) > 0 : SortCompare(key, bestKey!, caseSensitive) < 0))
            {
                best = item;
                bestKey = key;
            }
        }
        return best ?? new UndefinedValue($"No aggregated item, sequence was empty.");
    }

    private static List<TemplateValue> Map(TemplateValue v, CallArguments a, Renderer renderer)
    {
        if (!v.IsTruthy) return [];
        var attribute = a.Keywords.FirstOrDefault(k => k.Key == "attribute").Value;
        if (attribute is not null)
        {
            var fallback = a.Keywords.FirstOrDefault(k => k.Key == "default").Value;
            return Values.Iterate(v).Select(item =>
            {
                var value = Values.GetPath(item, attribute);
                return value is UndefinedValue && fallback is not null ? fallback : value;
            }).ToList();
        }
        if (a.Positional.Count == 0) throw new TemplateRuntimeException("map requires a filter name or attribute=");
        var filter = a.Positional[0].ToString();
        var rest = new CallArguments(a.Positional.Skip(1).ToList(), a.Keywords);
        return Values.Iterate(v).Select(item => Apply(filter, item, rest, renderer)).ToList();
    }

    /// <remarks>Jinja only iterates a truthy input, so select/reject of None or False is empty rather than an error.</remarks>
    private static List<TemplateValue> Select(TemplateValue v, CallArguments a, bool keep, bool attributeMode)
    {
        if (!v.IsTruthy) return [];
        var offset = attributeMode ? 1 : 0;
        var attribute = attributeMode ? a.Required(0, "attribute", keep ? "selectattr" : "rejectattr") : null;
        var testName = a.Positional.Count > offset ? a.Positional[offset].ToString() : null;
        var testArgs = new CallArguments(a.Positional.Skip(offset + 1).ToList(), []);
        var result = new List<TemplateValue>();
        foreach (var item in Values.Iterate(v))
        {
            var subject = attribute is null ? item : Values.GetPath(item, attribute);
            var passed = testName is null ? subject.IsTruthy : Tests.Apply(testName, subject, testArgs);
            if (passed == keep) result.Add(item);
        }
        return result;
    }

    private static string Indent(string s, CallArguments a, TemplateLimits limits)
    {
        var indentation = a.Get(0, "width") switch
        {
            null => "    ",
            StringValue sv => sv.Value,
            var w when Operators.TryInteger(w, out var n) => new string(' ', (int)Math.Clamp(n, 0, 1024)),
            var w => throw new TemplateRuntimeException($"indent width must be int or str, not {w.TypeName}"),
        };
        var first = a.Get(1, "first")?.IsTruthy ?? false;
        var blank = a.Get(2, "blank")?.IsTruthy ?? false;
        var lines = PyString.SplitLines(s + "\n", keepEnds: false);
        if (s.Length + (lines.Count + 1L) * indentation.Length > limits.MaxOutputChars)
            throw new TemplateLimitException($"indent would build a string longer than the limit of {limits.MaxOutputChars}");
        string result;
        if (blank) result = string.Join("\n" + indentation, lines);
        else
        {
            result = lines[0];
            if (lines.Count > 1)
                result += "\n" + string.Join("\n", lines.Skip(1).Select(line => line.Length > 0 ? indentation + line : line));
        }
        return first ? indentation + result : result;
    }

    private static List<TemplateValue> Batch(TemplateValue v, CallArguments a)
    {
        if (!Operators.TryInteger(a.Required(0, "linecount", "batch"), out var size) || size <= 0)
            throw new TemplateRuntimeException("batch: linecount must be a positive integer");
        var fill = a.Get(1, "fill_with");
        var result = new List<TemplateValue>();
        var current = new List<TemplateValue>();
        foreach (var item in Values.Iterate(v))
        {
            current.Add(item);
            if (current.Count == size)
            {
                result.Add(new ListValue(current));
                current = [];
            }
        }
        if (current.Count > 0)
        {
            while (fill is not null && current.Count < size) current.Add(fill);
            result.Add(new ListValue(current));
        }
        return result;
    }
}
