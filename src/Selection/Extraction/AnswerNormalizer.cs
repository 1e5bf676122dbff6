using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Inference.Selection;

/// <summary>
/// Turns a raw answer into an <see cref="AnswerKey"/>. Numbers: unwraps <c>\text{}</c>, drops <c>^\circ</c>, strips
/// <c>$</c> (and LaTeX <c>\$</c>, <c>\!</c>, <c>\%</c>),
/// a trailing period, thousands separators and a trailing unit word or <c>%</c> ("18 dollars" -> 18); accepts
/// integer fractions ("3/4", <c>\frac{3}{4}</c>); a trailing ".0" disappears in the numeric value. Anything else is
/// a string folded to lower case with runs of whitespace collapsed to one space.
/// </summary>
public static partial class AnswerNormalizer
{
    public static AnswerKey Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var cleaned = Clean(raw);
        if (TryParseNumber(cleaned, out var number))
        {
            return new AnswerKey(number.ToString("R", CultureInfo.InvariantCulture), number);
        }

        return new AnswerKey(FoldText(cleaned), null);
    }

    /// <summary>Parses a numeric answer after cleaning; false when the text is not a number.</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        var match = NumberWithUnit().Match(text);
        if (match.Success)
        {
            var digits = match.Groups["int"].Value.Replace(",", "", StringComparison.Ordinal) + match.Groups["frac"].Value;
            if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var magnitude))
            {
                return false;
            }

            value = match.Groups["sign"].Value == "-" ? -magnitude : magnitude;
            return double.IsFinite(value);
        }

        var fraction = Fraction().Match(text);
        if (!fraction.Success)
        {
            fraction = LatexFraction().Match(text);
        }

        if (fraction.Success
            && double.TryParse(fraction.Groups["num"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(fraction.Groups["den"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var den)
            && den != 0)
        {
            value = (fraction.Groups["sign"].Value == "-" ? -num : num) / den;
            return double.IsFinite(value);
        }

        return false;
    }

    private static string Clean(string raw)
    {
        var s = LatexText().Replace(raw, " ${content}")
            .Replace("^{\\circ}", "", StringComparison.Ordinal)
            .Replace("^\\circ", "", StringComparison.Ordinal)
            .Replace("\\%", "%", StringComparison.Ordinal)
            .Replace("\\$", "", StringComparison.Ordinal)
            .Replace("$", "", StringComparison.Ordinal)
            .Replace("\\!", "", StringComparison.Ordinal)
            .Replace('\u2212', '-')
            .Trim();
        while (s.EndsWith('.'))
        {
            s = s[..^1].TrimEnd();
        }

        return s;
    }

    private static string FoldText(string s)
    {
        var builder = new StringBuilder(s.Length);
        var pendingSpace = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(ch));
        }

        return builder.ToString();
    }

    // A plain digit run or comma-separated groups of three, a fraction part, then optionally % or one or two unit words
    // after a space ("5x" stays text: it is algebra, not a unit).
    [GeneratedRegex(@"^(?<sign>[-+]?)\s*(?<int>\d{1,3}(?:,\d{3})+|\d*)(?<frac>\.\d+)?(?<=\d)(?:\s*%|\s+[A-Za-z]+(?:\s+[A-Za-z]+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"\\(?:text|mbox|mathrm)\{(?<content>[^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex LatexText();

    [GeneratedRegex(@"^(?<sign>[-+]?)\s*(?<num>\d+)\s*/\s*(?<den>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Fraction();

    [GeneratedRegex(@"^(?<sign>[-+]?)\s*\\[dt]?frac\{(?<num>\d+)\}\{(?<den>\d+)\}$", RegexOptions.CultureInvariant)]
    private static partial Regex LatexFraction();
}
