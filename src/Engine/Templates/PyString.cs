using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>Python <c>str</c> method semantics that differ from .NET's (whitespace set, split rules, title casing).</summary>
internal static class PyString
{
    /// <summary>Python's str.isspace set: .NET's whitespace plus the information separators \x1c-\x1f.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>str.islower(): at least one cased character and no uppercase or titlecase one.</summary>
    public static bool IsLower(string s) =>
        s.Any(c => char.IsUpper(c) || char.IsLower(c)) && !s.Any(c => char.IsUpper(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter);

    /// <summary>str.isupper(): at least one cased character and no lowercase or titlecase one.</summary>
    public static bool IsUpper(string s) =>
        s.Any(c => char.IsUpper(c) || char.IsLower(c)) && !s.Any(c => char.IsLower(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter);

    public static string Strip(string s, bool left, bool right)
    {
        int start = 0, end = s.Length;
        if (left) while (start < end && IsSpace(s[start])) start++;
        if (right) while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>str.title(): a cased letter after an uncased character is uppercased, others lowercased.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            var cased = char.IsLetter(c);
            sb.Append(cased ? (previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c);
            previousCased = cased;
        }
        return sb.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    private static int MaxSplit(TemplateValue? v) => v switch
    {
        null or NoneValue => -1,
        _ when Operators.TryInteger(v, out var n) => (int)Math.Clamp(n, -1, int.MaxValue),
        _ => throw new TemplateRuntimeException($"'{v.TypeName}' object cannot be interpreted as an integer"),
    };

    private static string? Separator(TemplateValue? v) => v switch
    {
        null or NoneValue => null,
        StringValue { Value.Length: 0 } => throw new TemplateRuntimeException("empty separator"),
        StringValue s => s.Value,
        _ => throw new TemplateRuntimeException($"must be str or None, not {v.TypeName}"),
    };

    private static ListValue ToList(IEnumerable<string> parts) => new(parts.Select(p => (TemplateValue)new StringValue(p)).ToList());

    public static ListValue Split(string s, TemplateValue? sepValue, TemplateValue? maxValue)
    {
        var sep = Separator(sepValue);
        var max = MaxSplit(maxValue);
        var parts = new List<string>();
        if (sep is not null)
        {
            var start = 0;
            while (max < 0 || parts.Count < max)
            {
                var i = s.IndexOf(sep, start, StringComparison.Ordinal);
                if (i < 0) break;
                parts.Add(s[start..i]);
                start = i + sep.Length;
            }
            parts.Add(s[start..]);
            return ToList(parts);
        }
        var pos = 0;
        while (true)
        {
            while (pos < s.Length && IsSpace(s[pos])) pos++;
            if (pos >= s.Length) break;
            if (max >= 0 && parts.Count == max)
            {
                parts.Add(s[pos..]);
                break;
            }
            var end = pos;
            while (end < s.Length && !IsSpace(s[end])) end++;
            parts.Add(s[pos..end]);
            pos = end;
        }
        return ToList(parts);
    }

    public static ListValue RSplit(string s, TemplateValue? sepValue, TemplateValue? maxValue)
    {
        var max = MaxSplit(maxValue);
        if (max < 0) return Split(s, sepValue, maxValue);
        var sep = Separator(sepValue);
        var parts = new List<string>();
        if (sep is not null)
        {
            var end = s.Length;
            while (parts.Count < max)
            {
                var i = end - sep.Length < 0 ? -1 : s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
                if (i < 0) break;
                parts.Add(s[(i + sep.Length)..end]);
                end = i;
            }
            parts.Add(s[..end]);
        }
        else
        {
            var end = s.Length;
            while (true)
            {
                while (end > 0 && IsSpace(s[end - 1])) end--;
                if (end == 0) break;
                if (parts.Count == max)
                {
                    parts.Add(s[..end]);
                    break;
                }
                var start = end;
                while (start > 0 && !IsSpace(s[start - 1])) start--;
                parts.Add(s[start..end]);
                end = start;
            }
        }
        parts.Reverse();
        return ToList(parts);
    }

    public static List<string> SplitLines(string s, bool keepEnds)
    {
        var lines = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var isBreak = c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';
            if (!isBreak) { i++; continue; }
            var breakLength = c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
            lines.Add(keepEnds ? s[start..(i + breakLength)] : s[start..i]);
            i += breakLength;
            start = i;
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    public static string Replace(string s, string old, string replacement, long count, TemplateLimits limits)
    {
        var occurrences = Math.Min(count < 0 ? long.MaxValue : count, old.Length == 0 ? s.Length + 1L : Count(s, old));
        if (s.Length + occurrences * (replacement.Length - (long)old.Length) > limits.MaxOutputChars)
            throw new TemplateLimitException($"replace would build a string longer than the limit of {limits.MaxOutputChars}");
        if (count < 0) return old.Length == 0 ? InsertEverywhere(s, replacement, int.MaxValue) : s.Replace(old, replacement, StringComparison.Ordinal);
        if (old.Length == 0) return InsertEverywhere(s, replacement, count);
        var sb = new StringBuilder();
        var start = 0;
        for (var n = 0; n < count; n++)
        {
            var i = s.IndexOf(old, start, StringComparison.Ordinal);
            if (i < 0) break;
            sb.Append(s, start, i - start).Append(replacement);
            start = i + old.Length;
        }
        return sb.Append(s, start, s.Length - start).ToString();
    }

    private static string InsertEverywhere(string s, string insert, long count)
    {
        var sb = new StringBuilder();
        var n = 0L;
        foreach (var c in s)
        {
            if (n++ < count) sb.Append(insert);
            sb.Append(c);
        }
        if (n < count) sb.Append(insert);
        return sb.ToString();
    }

    public static int Count(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        var n = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    public static string ZFill(string s, TemplateValue widthValue)
    {
        if (!Operators.TryInteger(widthValue, out var width) || width <= s.Length) return s;
        if (width > PrintfFormat.MaxWidth) throw new TemplateLimitException($"zfill width {width} exceeds the limit of {PrintfFormat.MaxWidth}");
        var sign = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? s[..1] : "";
        return sign + new string('0', (int)width - s.Length) + s[sign.Length..];
    }

    /// <summary>str.format with automatic, positional and keyword fields and the !s/!r conversions (no format specs).</summary>
    public static string Format(string format, CallArguments args)
    {
        var sb = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{') { sb.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}') { sb.Append('}'); i++; continue; }
            if (c == '}') throw new TemplateRuntimeException("Single '}' encountered in format string");
            if (c != '{') { sb.Append(c); continue; }
            var close = format.IndexOf('}', i);
            if (close < 0) throw new TemplateRuntimeException("Single '{' encountered in format string");
            var field = format[(i + 1)..close];
            i = close;
            var conversion = 's';
            if (field.Length >= 2 && field[^2] == '!') { conversion = field[^1]; field = field[..^2]; }
            if (field.Contains(':')) throw new TemplateRuntimeException("format specifications are not supported in str.format");
            TemplateValue value;
            if (field.Length == 0) value = args.Get(auto++, "\0") ?? throw new TemplateRuntimeException("Replacement index out of range");
            else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                value = index < args.Positional.Count ? args.Positional[index] : throw new TemplateRuntimeException("Replacement index out of range");
            else value = args.Keywords.FirstOrDefault(k => k.Key == field).Value ?? throw new TemplateRuntimeException($"KeyError: '{field}'");
            sb.Append(conversion == 'r' ? value.Repr() : value.ToString());
        }
        return sb.ToString();
    }
}
