using System.Text.RegularExpressions;

namespace Inference.Selection;

/// <summary>
/// A user-supplied regex with a named group <c>answer</c>; the last match with a non-empty group wins. The pattern is
/// validated up front; a match that exceeds the timeout counts as "no answer" for that response.
/// </summary>
public sealed class RegexAnswerExtractor : IAnswerExtractor
{
    public const string GroupName = "answer";

    private readonly Regex _regex;

    public RegexAnswerExtractor(string pattern, TimeSpan? matchTimeout = null)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            throw new InvalidAnswerFormatException("The answer regex is empty; supply a pattern with a named group 'answer'.");
        }

        var timeout = matchTimeout ?? AnswerExtractionSpec.DefaultMatchTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            throw new InvalidAnswerFormatException($"The answer regex match timeout must be positive, got {timeout}.");
        }

        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidAnswerFormatException($"The answer regex '{pattern}' is invalid: {ex.Message}", ex);
        }

        if (!_regex.GetGroupNames().Contains(GroupName, StringComparer.Ordinal))
        {
            throw new InvalidAnswerFormatException(
                $"The answer regex '{pattern}' has no named group '{GroupName}'; write it as (?<{GroupName}>...).");
        }
    }

    public ExtractedAnswer? Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var matches = _regex.Matches(text);
            for (var i = matches.Count - 1; i >= 0; i--)
            {
                var group = matches[i].Groups[GroupName];
                if (group.Success && group.Value.Trim().Length > 0)
                {
                    return ExtractedAnswer.From(group.Value.Trim());
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        return null;
    }
}
