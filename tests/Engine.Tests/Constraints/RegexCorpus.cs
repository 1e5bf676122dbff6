using System.Text.RegularExpressions;

namespace Inference.Engine.Tests.Constraints;

/// <summary>Patterns covering the supported regex subset, and the .NET check of a whole-output match.</summary>
internal static class RegexCorpus
{
    public static readonly string[] Patterns =
    [
        @"\d{3}-\d{4}",
        @"(\d{1,3}\.){3}\d{1,3}",
        @"[A-Z][a-z]+ [A-Z][a-z]+",
        @"^(yes|no|maybe)$",
        @"[a-z0-9._%+-]+@[a-z0-9.-]+\.(com|org|net)",
        @"\w+\s\w+",
        @"(?<year>\d{4})-(?:0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])",
        @"[^a-z\n]{2,5}x",
        @"\(\+?[0-9]+\)\*{2}\\\.\[\]",
        @"[\u00e0-\u00ff]{3}|\u20ac\d+",
        @"a.b.c",
        @"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?",
        @"x{2,}y?z*",
        @"[\x41-\x43]+\t\D\W\S",
        @"(ab|cd)+?e",
    ];

    /// <summary>The whole text matches (ECMAScript classes: \d \w \s are ASCII, as the constraint defines them).</summary>
    public static bool FullMatch(string pattern, string text)
    {
        var core = pattern.StartsWith('^') ? pattern[1..] : pattern;
        if (core.EndsWith('$') && !core.EndsWith("\\$")) core = core[..^1];
        // Named groups are not ECMAScript: drop the names for the check.
        core = Regex.Replace(core, @"\(\?<\w+>", "(");
        return Regex.IsMatch(text, $@"^(?:{core})\z", RegexOptions.ECMAScript);
    }
}
