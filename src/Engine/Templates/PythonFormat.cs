using System.Globalization;
using System.Text;

namespace Inference.Engine.Templates;

/// <summary>Python's <c>repr</c> of strings and floats, which Jinja uses when printing lists, dicts and numbers.</summary>
internal static class PythonFormat
{
    public static string ReprString(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == quote || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, s[i + 1]);
                if (IsPrintable(cp)) sb.Append(c).Append(s[i + 1]);
                else sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                i++;
            }
            else if (IsPrintable(c)) sb.Append(c);
            else if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.Append(quote).ToString();
    }

    private static bool IsPrintable(int codePoint)
    {
        if (codePoint == ' ') return true;
        return CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    /// <summary>Python's float repr: shortest round-trip digits, scientific below 1e-4 and from 1e16.</summary>
    public static string ReprFloat(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        if (v == 0) return double.IsNegative(v) ? "-0.0" : "0.0";

        var (negative, digits, decimalPoint) = ShortestDigits(v);
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        var exponent = decimalPoint - 1;
        if (exponent < -4 || exponent >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+')
              .Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decimalPoint <= 0) sb.Append("0.").Append('0', -decimalPoint).Append(digits);
        else if (decimalPoint >= digits.Length) sb.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
        else sb.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
        return sb.ToString();
    }

    /// <summary>Splits .NET's shortest round-trip form into sign, significant digits and decimal-point position.</summary>
    private static (bool Negative, string Digits, int DecimalPoint) ShortestDigits(double v)
    {
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative) r = r[1..];
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.');
        var intPart = dot < 0 ? r : r[..dot];
        var fracPart = dot < 0 ? "" : r[(dot + 1)..];
        var all = intPart + fracPart;
        var decimalPoint = intPart.Length + exponent;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        decimalPoint -= lead;
        all = all.TrimEnd('0');
        return (negative, all.Length == 0 ? "0" : all, decimalPoint);
    }
}
