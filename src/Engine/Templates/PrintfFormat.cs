using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>The common subset of Python's printf-style <c>str % args</c> (used by the <c>format</c> filter).</summary>
internal static class PrintfFormat
{
    /// <summary>Field widths and precisions come from the template; cap them so one cannot allocate gigabytes.</summary>
    public const int MaxWidth = 1 << 16;

    public static string Format(string format, TemplateValue args)
    {
        var values = args is ListValue { IsTuple: true } t ? t.Items : [args];
        var next = 0;
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { sb.Append(c); continue; }
            if (++i >= format.Length) throw new TemplateRuntimeException("incomplete format");
            var specStart = i;
            while (i < format.Length && "-+ 0#.123456789".Contains(format[i])) i++;
            if (i >= format.Length) throw new TemplateRuntimeException("incomplete format");
            var spec = format[specStart..i];
            var conv = format[i];
            if (conv == '%') { sb.Append('%'); continue; }
            if (next >= values.Count) throw new TemplateRuntimeException("not enough arguments for format string");
            var v = values[next++];
            var precision = spec.Contains('.') && long.TryParse("0" + spec[(spec.IndexOf('.') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p0)
                ? (int)Math.Min(p0, MaxWidth + 1) : (int?)null;
            var widthText = (spec.Contains('.') ? spec[..spec.IndexOf('.')] : spec).TrimStart('-', '+', ' ', '#');
            var zeroPad = widthText.StartsWith('0');
            var width = widthText.Length > 0 && long.TryParse(widthText, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
            if (width > MaxWidth || precision > MaxWidth)
                throw new TemplateLimitException($"format width {width} exceeds the limit of {MaxWidth}");
            var text = conv switch
            {
                's' => v.ToString(),
                'r' => v.Repr(),
                'd' or 'i' when Operators.IsNumber(v) => ((long)Math.Truncate(Operators.ToDouble(v))).ToString(CultureInfo.InvariantCulture),
                'f' or 'F' when Operators.IsNumber(v) => Operators.ToDouble(v).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
                'x' when Operators.TryInteger(v, out var h) => h.ToString("x", CultureInfo.InvariantCulture),
                'X' when Operators.TryInteger(v, out var h) => h.ToString("X", CultureInfo.InvariantCulture),
                _ => throw new TemplateRuntimeException($"unsupported format character '{conv}' for {v.TypeName}"),
            };
            if (conv == 's' && precision is { } p && text.Length > p) text = text[..p];
            if (text.Length < width)
                text = spec.StartsWith('-') ? text.PadRight((int)width) : text.PadLeft((int)width, zeroPad && conv != 's' ? '0' : ' ');
            sb.Append(text);
        }
        // CPython treats any mapping-like argument (dict, but also list) as a mapping and then ignores leftovers.
        if (next < values.Count && args is not (DictValue or ListValue { IsTuple: false }))
            throw new TemplateRuntimeException("not all arguments converted during string formatting");
        return sb.ToString();
    }
}
