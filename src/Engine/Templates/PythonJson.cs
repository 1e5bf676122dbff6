using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>
/// Python's <c>json.dumps</c>, which transformers installs as the chat-template <c>tojson</c> filter
/// (<c>ensure_ascii=False</c> by default, with <c>indent</c>, <c>separators</c> and <c>sort_keys</c>).
/// </summary>
internal sealed class PythonJson
{
    private readonly bool _ensureAscii;
    private readonly string? _indent;
    private readonly string _itemSeparator;
    private readonly string _keySeparator;
    private readonly bool _sortKeys;
    private readonly int _maxChars;
    private readonly StringBuilder _sb = new();

    private PythonJson(bool ensureAscii, string? indent, string? itemSeparator, string? keySeparator, bool sortKeys, int maxChars)
    {
        _maxChars = maxChars;
        _ensureAscii = ensureAscii;
        _indent = indent;
        _itemSeparator = itemSeparator ?? (indent is null ? ", " : ",");
        _keySeparator = keySeparator ?? ": ";
        _sortKeys = sortKeys;
    }

    public static string Dumps(TemplateValue value, CallArguments options, TemplateLimits limits)
    {
        var ensureAscii = options.Get(0, "ensure_ascii")?.IsTruthy ?? false;
        var indent = options.Get(1, "indent") switch
        {
            null or NoneValue => null,
            IntegerValue i => new string(' ', (int)Math.Clamp(i.Value, 0, 64)),
            StringValue s => s.Value,
            var other => throw new TemplateRuntimeException($"tojson: indent must be an int or str, not {other.TypeName}"),
        };
        string? itemSep = null, keySep = null;
        switch (options.Get(2, "separators"))
        {
            case null or NoneValue: break;
            case ListValue { Items: [StringValue a, StringValue b] }:
                itemSep = a.Value;
                keySep = b.Value;
                break;
            default: throw new TemplateRuntimeException("tojson: separators must be a pair of strings");
        }
        var sortKeys = options.Get(3, "sort_keys")?.IsTruthy ?? false;
        var json = new PythonJson(ensureAscii, indent, itemSep, keySep, sortKeys, limits.MaxOutputChars);
        json.Write(value, 0);
        return json._sb.ToString();
    }

    private void Write(TemplateValue value, int level)
    {
        if (_sb.Length > _maxChars)
            throw new TemplateLimitException($"tojson output exceeds the limit of {_maxChars} characters");
        switch (value)
        {
            case NoneValue: _sb.Append("null"); break;
            case BooleanValue b: _sb.Append(b.Value ? "true" : "false"); break;
            case IntegerValue i: _sb.Append(i.Value.ToString(CultureInfo.InvariantCulture)); break;
            case LargeIntegerValue big: _sb.Append(big.Repr()); break;
            case FloatValue f: _sb.Append(FloatToJson(f.Value)); break;
            case StringValue s: WriteString(s.Value); break;
            case ListValue l: WriteList(l, level); break;
            case DictValue d: WriteDict(d, level); break;
            default: throw new TemplateRuntimeException($"Object of type {value.TypeName} is not JSON serializable");
        }
    }

    private static string FloatToJson(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity" : PythonFormat.ReprFloat(v);

    private void WriteList(ListValue list, int level)
    {
        if (list.Items.Count == 0) { _sb.Append("[]"); return; }
        _sb.Append('[');
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0) _sb.Append(_itemSeparator);
            NewLine(level + 1);
            Write(list.Items[i], level + 1);
        }
        NewLine(level);
        _sb.Append(']');
    }

    private void WriteDict(DictValue dict, int level)
    {
        if (dict.Count == 0) { _sb.Append("{}"); return; }
        IEnumerable<KeyValuePair<string, TemplateValue>> entries = dict.Entries.Select(e => new KeyValuePair<string, TemplateValue>(KeyToJson(e.Key), e.Value));
        if (_sortKeys)
        {
            if (dict.Entries.Any(e => e.Key is not StringValue))
                throw new TemplateRuntimeException("tojson: sort_keys needs string keys");
            entries = entries.OrderBy(e => e.Key, StringComparer.Ordinal);
        }
        _sb.Append('{');
        var first = true;
        foreach (var (key, value) in entries)
        {
            if (!first) _sb.Append(_itemSeparator);
            first = false;
            NewLine(level + 1);
            WriteString(key);
            _sb.Append(_keySeparator);
            Write(value, level + 1);
        }
        NewLine(level);
        _sb.Append('}');
    }

    private static string KeyToJson(TemplateValue key) => key switch
    {
        StringValue s => s.Value,
        BooleanValue b => b.Value ? "true" : "false",
        NoneValue => "null",
        IntegerValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        LargeIntegerValue big => big.Repr(),
        FloatValue f => FloatToJson(f.Value),
        _ => throw new TemplateRuntimeException($"keys must be str, int, float, bool or None, not {key.TypeName}"),
    };

    private void NewLine(int level)
    {
        if (_indent is null) return;
        _sb.Append('\n');
        for (var i = 0; i < level; i++) _sb.Append(_indent);
    }

    private void WriteString(string s)
    {
        _sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '\b': _sb.Append("\\b"); break;
                case '\f': _sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || (_ensureAscii && c > 0x7e))
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else _sb.Append(c);
                    break;
            }
        }
        _sb.Append('"');
    }
}
