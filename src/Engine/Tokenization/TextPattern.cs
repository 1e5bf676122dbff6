using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inference.Engine.Tokenization;

/// <summary>
/// A tokenizer.json pattern: <c>{"String": "..."}</c> (literal) or <c>{"Regex": "..."}</c> (Oniguruma syntax).
/// Regexes are compiled once. .NET matches UTF-16 code units while the reference engines match code points, so text
/// holding surrogate pairs is matched on a shadow copy in which each astral code point is one BMP character of the
/// same Unicode category; match positions are mapped back. That keeps <c>[^\p{L}]?</c> or <c>\p{N}{1,3}</c> from
/// splitting an emoji or counting it twice.
/// </summary>
internal sealed class TextPattern
{
    private readonly string? _literal;
    private readonly Regex? _regex;

    private TextPattern(string? literal, Regex? regex)
    {
        _literal = literal;
        _regex = regex;
    }

    public static TextPattern Literal(string literal) => new(literal, null);

    public static TextPattern FromRegex(string onigurumaPattern, string? filePath)
    {
        var translated = OnigurumaTranslator.Translate(onigurumaPattern, filePath);
        try
        {
            return new TextPattern(null, new Regex(translated, RegexOptions.Compiled | RegexOptions.CultureInvariant));
        }
        catch (ArgumentException e)
        {
            throw new UnsupportedTokenizerComponentException("pattern", onigurumaPattern, filePath, e.Message);
        }
    }

    public static TextPattern FromJson(JsonElement owner, JsonReading json)
    {
        if (!JsonReading.TryGet(owner, "pattern", out var pattern) || pattern.ValueKind != JsonValueKind.Object)
        {
            throw json.Error("expected object field \"pattern\"");
        }
        if (JsonReading.TryGet(pattern, "String", out var literal) && literal.ValueKind == JsonValueKind.String)
        {
            return Literal(literal.GetString()!);
        }
        if (JsonReading.TryGet(pattern, "Regex", out var regex) && regex.ValueKind == JsonValueKind.String)
        {
            return FromRegex(regex.GetString()!, json.FilePath);
        }
        throw json.Error("pattern must be {\"String\": ...} or {\"Regex\": ...}");
    }

    /// <summary>Appends (start, length) of every non-overlapping match in <paramref name="text"/>, left to right.</summary>
    public void FindMatches(ReadOnlySpan<char> text, List<(int Start, int Length)> matches)
    {
        if (_literal is not null)
        {
            FindLiteral(text, _literal, matches);
            return;
        }
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            foreach (var match in _regex!.EnumerateMatches(text))
            {
                if (match.Length > 0)
                {
                    matches.Add((match.Index, match.Length));
                }
            }
            return;
        }
        FindInShadow(text, matches);
    }

    public string ReplaceAll(string text, string replacement)
    {
        if (_literal is not null)
        {
            return _literal.Length == 0 ? text : text.Replace(_literal, replacement, StringComparison.Ordinal);
        }
        var matches = new List<(int Start, int Length)>();
        FindMatches(text, matches);
        if (matches.Count == 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, length) in matches)
        {
            builder.Append(text, position, start - position).Append(replacement);
            position = start + length;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static void FindLiteral(ReadOnlySpan<char> text, string literal, List<(int Start, int Length)> matches)
    {
        if (literal.Length == 0)
        {
            return;
        }
        var offset = 0;
        while (offset < text.Length)
        {
            var found = text[offset..].IndexOf(literal, StringComparison.Ordinal);
            if (found < 0)
            {
                return;
            }
            matches.Add((offset + found, literal.Length));
            offset += found + literal.Length;
        }
    }

    /// <summary>Texts up to this length borrow their working arrays from the shared pool; a longer one allocates them,
    /// since a pooled array of one huge input would stay resident in the pool long after it.</summary>
    private const int MaxPooledLength = 1 << 16;

    private void FindInShadow(ReadOnlySpan<char> text, List<(int Start, int Length)> matches)
    {
        var pooled = text.Length < MaxPooledLength;
        var shadow = pooled ? ArrayPool<char>.Shared.Rent(text.Length) : new char[text.Length];
        var originalIndex = pooled ? ArrayPool<int>.Shared.Rent(text.Length + 1) : new int[text.Length + 1];
        try
        {
            var length = 0;
            for (var i = 0; i < text.Length; i++)
            {
                originalIndex[length] = i;
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    shadow[length++] = StandIn(char.ConvertToUtf32(text[i], text[i + 1]));
                    i++;
                }
                else
                {
                    shadow[length++] = text[i];
                }
            }
            originalIndex[length] = text.Length;
            foreach (var match in _regex!.EnumerateMatches(shadow.AsSpan(0, length)))
            {
                if (match.Length > 0)
                {
                    var start = originalIndex[match.Index];
                    matches.Add((start, originalIndex[match.Index + match.Length] - start));
                }
            }
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<char>.Shared.Return(shadow);
                ArrayPool<int>.Shared.Return(originalIndex);
            }
        }
    }

    /// <summary>A BMP character with the same general category as an astral code point.</summary>
    private static char StandIn(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
    {
        UnicodeCategory.UppercaseLetter => '\u00C0',
        UnicodeCategory.LowercaseLetter => '\u00DF',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u00AA',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.MathSymbol => '\u00B1',
        UnicodeCategory.CurrencySymbol => '\u00A2',
        UnicodeCategory.ModifierSymbol => '\u00A8',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u00AB',
        UnicodeCategory.FinalQuotePunctuation => '\u00BB',
        UnicodeCategory.OtherPunctuation => '\u00B6',
        UnicodeCategory.Format => '\u00AD',
        UnicodeCategory.PrivateUse => '\uE000',
        UnicodeCategory.OtherSymbol => '\u00A9',
        _ => '\uFFFF',
    };
}
